// Dependency statements written as prose outside any task: "Frontend depends on: Shared types",
// "T015, T016, T017 can run in parallel (after T014)".

export const DEPENDS_PROSE = /^(.+?)\s+(?:depends on|depend on|waits for|is blocked by|are blocked by)\s*:?\s+(.+)$/i;
export const PARALLEL_PROSE = /\b(?:can|may|could)\s+(?:all\s+)?(?:run|execute|be (?:done|worked on|implemented))\s+(?:in parallel|concurrently|together|simultaneously)/i;
export const STRONG_IDS = /\b(?:T\d{2,}|TASK-\d+(?:\.\d+)*|bd-[a-z0-9]{2,10})\b/g;
