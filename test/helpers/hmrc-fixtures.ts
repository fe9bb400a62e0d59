/**
 * HMRC's example request bodies and JSON schemas, copied into test/fixtures/hmrc/ (sources and commits in
 * test/fixtures/hmrc/PROVENANCE.md; `scripts/copy-hmrc-fixtures.sh` re-copies them). Tests read only these copies.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The fixtures root: `<api>/<version>/{examples,schemas}/…`, as in HMRC's `resources/public/api/conf/<version>/`. */
export const HMRC_FIXTURES = path.resolve(__dirname, '../fixtures/hmrc');

/** The folder of one HMRC API's copied spec files, e.g. `hmrcSpecDir('individuals-charges-api', '3.0')`. */
export function hmrcSpecDir(api: string, version?: string): string {
  return version ? path.join(HMRC_FIXTURES, api, version) : path.join(HMRC_FIXTURES, api);
}

/** One copied HMRC JSON file, parsed. */
export function readHmrcJson(api: string, version: string, file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(hmrcSpecDir(api, version), file), 'utf8'));
}
