/**
 * `@graphql-tools/utils` is a direct dependency although nothing in src/ imports it: without it npm hoists the
 * older major that graphql-codegen wants, and @graphql-tools/schema and @graphql-tools/merge (which Apollo Server
 * loads) each get a nested copy of their own, both loaded at start-up (~20 ms, 130 modules instead of 65; in
 * production too, as `npm prune --omit=dev` leaves the nested copies where they are). This keeps it one copy.
 */
import path from 'node:path';

function utilsFrom(pkg: string): string {
  return require.resolve('@graphql-tools/utils', {
    paths: [path.dirname(require.resolve(`${pkg}/package.json`))],
  });
}

describe('dependency layout', () => {
  it('@graphql-tools/schema and @graphql-tools/merge share the one @graphql-tools/utils', () => {
    const own = require.resolve('@graphql-tools/utils');
    expect(utilsFrom('@graphql-tools/schema')).toBe(own);
    expect(utilsFrom('@graphql-tools/merge')).toBe(own);
  });
});
