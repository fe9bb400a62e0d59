#!/usr/bin/env bash
# Re-copies the HMRC example bodies and JSON schemas the tests read into test/fixtures/hmrc/, from a folder holding
# clones of HMRC's public API repositories side by side (`SPEC_ROOT/<api>/resources/public/api/conf/<version>/…`,
# e.g. `git clone https://github.com/hmrc/individuals-charges-api SPEC_ROOT/individuals-charges-api`).
#
#   scripts/copy-hmrc-fixtures.sh SPEC_ROOT
#
# The tests never read SPEC_ROOT themselves: they read only the copies, so a clone stands alone. Where each copy
# comes from (HMRC repository, commit, path) is in test/fixtures/hmrc/PROVENANCE.md; update it when the source moves.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
  echo "usage: scripts/copy-hmrc-fixtures.sh SPEC_ROOT (a folder of clones of HMRC's API repositories)" >&2
  exit 2
fi
SPEC_ROOT="$1"
DEST=test/fixtures/hmrc

if [ ! -d "$SPEC_ROOT" ]; then
  echo "no HMRC spec checkout at $SPEC_ROOT; nothing copied (the committed fixtures stay as they are)" >&2
  exit 0
fi

# <api folder> <version>: the examples/ and schemas/ folders of that API version are copied whole.
COPIES=(
  "individuals-charges-api 3.0"
  "individuals-reliefs-api 2.0"
  "individuals-reliefs-api 3.0"
  "individuals-disclosures-api 2.0"
)

for entry in "${COPIES[@]}"; do
  read -r api version <<<"$entry"
  for part in examples schemas; do
    src="$SPEC_ROOT/$api/resources/public/api/conf/$version/$part"
    dst="$DEST/$api/$version/$part"
    if [ ! -d "$src" ]; then
      echo "missing $src" >&2
      exit 1
    fi
    rm -rf "$dst"
    mkdir -p "$dst"
    cp -R "$src/." "$dst/"
  done
  echo "copied $api $version"
done
