#!/usr/bin/env bash
# Re-copies the HMRC example bodies and JSON schemas the tests read into test/fixtures/hmrc/, from a checkout of
# HMRC's spec files laid out as in HMRC's repositories (`<api>/resources/public/api/conf/<version>/…`).
#
#   scripts/copy-hmrc-fixtures.sh [SPEC_ROOT]     (default: ../shared/hmrc-specs, beside the repository)
#
# The tests never read SPEC_ROOT themselves: they read only the copies, so a clone stands alone. Where each copy
# comes from (HMRC repository, commit, path) is in test/fixtures/hmrc/PROVENANCE.md; update it when the source moves.
set -euo pipefail
cd "$(dirname "$0")/.."

SPEC_ROOT="${1:-../shared/hmrc-specs}"
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
