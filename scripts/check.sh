#!/usr/bin/env bash
# `npm run check`: exactly what CI checks, in CI's order — generated code matches schema/, types, lint,
# formatting, tests. .ci/run calls this same script (after installing and starting Redis), so the two cannot drift.
#   scripts/check.sh            every step
#   scripts/check.sh codegen    one step (codegen | types | lint | format | test)
set -euo pipefail
cd "$(dirname "$0")/.."

codegen() {
  echo "--- codegen drift"
  npm run -s codegen >/dev/null
  if [ -n "$(git status --porcelain -- src/generated)" ]; then
    git --no-pager diff --stat -- src/generated
    echo "src/generated is out of date with schema/: run 'npm run codegen' and commit the result." >&2
    exit 1
  fi
}
types() {
  echo "--- typecheck"
  npx tsc --noEmit
}
lint() {
  echo "--- lint"
  npm run -s lint
}
format() {
  echo "--- format"
  npx prettier --check .
}
tests() {
  echo "--- tests (npm test)"
  npm test
}

case "${1:-all}" in
  codegen) codegen ;;
  types) types ;;
  lint) lint ;;
  format) format ;;
  test) tests ;;
  all) codegen; types; lint; format; tests ;;
  *) echo "unknown step: $1" >&2; exit 2 ;;
esac
