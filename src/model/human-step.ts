// A person's step in an agent plan: "Conductor - User Manual Verification 'Phase 2'", "Manual QA on staging",
// "Owner sign-off". An agent cannot do it; it is a gate the plan waits on. Read from the title when nothing
// names the task's agent (an explicit agent always wins), and routed to `human`.
import { traceFact, type RawTask } from './types.js';

const HUMAN_STEP = /\bmanual(?:ly)?\s+(?:verification|verify|testing|test|check|qa|review|approval|sign-?off)\b|\bhuman\s+(?:review|verification|approval|sign-?off|check)\b|\b(?:owner|stakeholder|product owner|pm)\s+(?:approval|sign-?off|review|decision)\b|\bsign-?off\b|手动验证|人工(?:验证|审核|确认)|手動(?:検証|確認|テスト)|수동\s*(?:검증|확인|테스트)|manuelle\s+(?:prüfung|überprüfung|verifikation)/i;

// A cheap first look: the full pattern tried at every position of 20,000 titles costs more than the rest of routing.
const MAYBE = /manual|human|sign|owner|stakeholder|pm\s|手|人工|수동|manuell/i;

export function markHumanSteps(tasks: RawTask[]): void {
  for (const t of tasks) {
    if (t.agent || !MAYBE.test(t.title) || !HUMAN_STEP.test(t.title)) continue;
    t.agent = { name: 'human', line: t.line };
    traceFact(t, 'agent', 'human', t.line, 'a person\'s step: its title asks for manual verification, review or sign-off');
  }
}
