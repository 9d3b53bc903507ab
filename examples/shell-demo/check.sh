#!/bin/sh
# The demo's test command: check whatever the tasks have built so far. Prints "N passed" so squad can tell
# tests ran from a run of nothing.
n=0
fail() { echo "FAIL: $1"; exit 1; }
[ -d build/pages ] || fail "build/pages is missing"; n=$((n + 1))
for page in build/pages/*.html; do
  [ -e "$page" ] || continue
  grep -q '^<h1>' "$page" || fail "$page has no heading"; n=$((n + 1))
done
if [ -f build/sitemap.txt ]; then
  for page in $(cat build/sitemap.txt); do [ -f "build/pages/$page" ] || fail "site map lists missing $page"; done; n=$((n + 1))
fi
if [ -f build/site.tar ]; then
  tar -tf build/site.tar | grep -q 'pages/index.html' || fail "the package has no home page"; n=$((n + 1))
fi
echo "$n passed"
