// squad init: write a commented squad.config.yaml with every setting at its default, and agent commands
// for Claude Code and Codex as examples.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { UsageError, UserError } from '../io/errors.js';
import { DEFAULT_CONFIG_FILE } from '../config/load.js';
import { parseFlags } from './args.js';

export const summary = 'write a commented squad.config.yaml (agent commands, concurrency, tests, timeouts)';

const usage = `usage: squad init [--config FILE] [--force] [--json]

Writes FILE (default squad.config.yaml) with every setting at its default value and comments saying what
each one does, including agent commands for Claude Code and Codex. Refuses to overwrite unless --force.`;

export const CONFIG_TEMPLATE = `# squad.config.yaml: settings for every squad command. Every value below is the default;
# unknown keys are errors, so a typo is reported instead of ignored.
version: 1

# How many tasks \`squad run\` runs at once (--concurrency overrides it).
concurrency: 4

# Where tasks run (--isolation overrides it): worktree gives each task its own git worktree and branch, checks
# what it changed against the plan's ownership and merges it (README "Worktrees, ownership and the merge
# queue"); shared runs every task in this working tree (needed outside git).
isolation: worktree
# What a worktree task's write to a path the plan gives to someone else does: fail the task (its branch is
# kept, nothing merged), warn (merge and record), or off.
ownership: fail
# A worktree task whose branch conflicts when merging: keep (marked conflict, branch kept) or rerun (once more,
# on the new integration head).
merge:
  onConflict: keep

# The command \`squad run\` launches for a task, by agent type (the plan's "agent" field); the key
# "default" serves every type without its own entry. Always an argument array, never a shell line.
# Placeholders, replaced inside each argument:
#   {prompt} the task's prompt file   {plan} the agent's plan file   {task} the task id
#   {agent}  the lane id (agent-2)    {cwd}  where the task works (its worktree, or the repository root)
# The prompt file is also the command's stdin. A task with a \`run:\` line runs that instead (sh -c).
agents: {}
# Claude Code for every agent type:
#   default: [claude, -p, "Read {prompt} and carry out the task it describes.", --permission-mode, acceptEdits]
# Codex for one agent type:
#   frontend-developer: [codex, exec, --sandbox, workspace-write, "Read {prompt} and carry out the task it describes."]

# Agent routing for \`squad allocate\`: the type used for ties and unmatched tasks, and extra keywords
# per type (mode "extend" adds them to the built-in table, "replace" uses only these).
routing:
  default: backend-architect
  mode: extend
  keywords: {}
#   frontend-developer: [react, css, component]

# Extra path patterns that are always written one task at a time (package.json, lockfiles, migrations
# and CI config already are).
redZones: []
#  - db/schema.sql

# Commands \`squad run\` runs before each group (a summary command, git pull, ...). A failure is
# reported; it stops the run only with fatal: true. A string runs through sh -c.
refresh: []
#  - command: [git, pull, --ff-only]
#    fatal: true
#  - command: "git log --oneline -5"

# The test-and-close phase. Without a command, squad uses the package.json "test" script, pytest,
# cargo test or go test, whichever the repository has, and says which. Tasks are closed only when the
# tests pass; "no tests found" is a failure unless allowNoTests is true.
test:
  # command: [npm, test]
  allowNoTests: false

timeouts:
  taskMinutes: 60        # a task running longer is stopped, with its whole process group
  inactivityMinutes: 10  # a task that prints nothing for this long is stopped
  graceSeconds: 10       # time between SIGTERM and SIGKILL when stopping a task

claims:
  ttlMinutes: 5          # a claim whose holder has not shown a sign of life for this long may be taken over
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('init', argv, {
    config: { type: 'string' },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const file = values.config ?? DEFAULT_CONFIG_FILE;
  const full = resolve(process.cwd(), file);
  if (existsSync(full) && !values.force) throw new UserError(`already exists; edit it, or pass --force to replace it with the commented default`, file);
  writeFileAtomic(full, CONFIG_TEMPLATE);
  process.stdout.write(values.json ? JSON.stringify({ file: full, written: true }) + '\n' : `wrote ${file}: every setting at its default, with comments; set agents to the commands you use\n`);
  return 0;
}
