#!/bin/sh
# Worktree demo: copy this folder into a fresh git repository (a temp folder, or the one named) and run it with
# the fake agent, so no AI CLI is needed. Needs git, node, and squad built (`npm install` builds dist/).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-$(mktemp -d)}
# SQUAD_CLI: another build of squad's cli.js (the tests use theirs).
squad() { node "${SQUAD_CLI:-$root/dist/cli.js}" "$@"; }

mkdir -p "$work"
cp "$here/tasks.md" "$work/"
cd "$work"
git init -q -b main
git config user.name demo
git config user.email demo@example.com
cat > squad.config.yaml <<YAML
# The fake agent makes the edits agent-script.json lists for each task id.
agents:
  default: [node, "$root/test/fixtures/fake-agent/fake-agent.mjs", "{task}", "$here/agent-script.json"]
test:
  command: [sh, -c, "test -f api/server.js && test -f web/App.jsx && echo 1 passed"]
YAML
squad allocate tasks.md --out plans --order explicit
printf '.squad/\n' > .gitignore
git add -A
git commit -q -m "tasks and plan"

echo "\$ squad run    (in $work)"
code=0
CI=true squad run || code=$?
echo
echo "\$ git log --graph --format='%h %s'"
git log --graph --format='%h %s'
exit $code
