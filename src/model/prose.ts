import { WAIT_VERBS, phraseAlternation } from './dependency-words.js';

// Dependency statements written as prose outside any task: "Frontend depends on: Shared types",
// "T015, T016, T017 can run in parallel (after T014)".

export const DEPENDS_PROSE = new RegExp(String.raw`^(.+?)\s+(?:(?:is|are)\s+)?(?:(?:both|all)\s+)?${phraseAlternation(WAIT_VERBS)}\s*:?\s+(.+)$`, 'i');
export const PARALLEL_PROSE = /\b(?:can|may|could)\s+(?:all\s+)?(?:run|execute|be (?:done|worked on|implemented))\s+(?:in parallel|concurrently|together|simultaneously)/i;
export const STRONG_IDS = /\b(?:T\d{2,}|TASK-\d+(?:\.\d+)*|bd-[a-z0-9]{2,10})\b/g;

// "#421 should wait until #417 lands", "T009 starts only after T004 and T005": a note ordering tasks.
export const WAIT_PROSE = /^(#?[\w.-]+)\s+(?:should|must|has to|needs to|will|can only|may only)?\s*(?:wait(?:s)?\s+(?:until|for|on)|start(?:s)?\s+(?:only\s+)?after|come(?:s)?\s+after|go(?:es)?\s+after|run(?:s)?\s+(?:only\s+)?after)\s+((?:#?[\w.-]+)(?:\s*(?:,|and|&)\s*#?[\w.-]+)*)/i;

// "Phase B does not start until all of Phase A is merged", "Wave 3 starts only after Wave 2": one unit of the plan
// waits for another, every task of it for every task of the other.
const UNIT = String.raw`(?:phase|stage|wave|milestone|stream|track|part|step)\s+[\w.-]+`;
export const UNIT_WAIT = new RegExp(String.raw`^(${UNIT})\s+(?:does not|doesn't|must not|may not|cannot|can't|will not|won't|should not|shouldn't)\s+(?:start|begin)\s+(?:until|before)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(${UNIT})|^(${UNIT})\s+(?:starts?|begins?|runs?)\s+only\s+after\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(${UNIT})`, 'i');

// "can run in parallel with M3.2", "can be built in parallel with M2.1 and M2.2": a set that may run together.
export const PARALLEL_WITH = /\b(?:run|be built|be done|proceed|go|happen|work)?\s*in parallel with\s+((?:#?[\w.-]+)(?:\s*(?:,|and|&)\s*#?[\w.-]+)*)/i;
