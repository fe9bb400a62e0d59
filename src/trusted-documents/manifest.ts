/**
 * Trusted-documents manifests: the operations a deployment accepts by id. graphql-codegen's client preset writes
 * `persisted-documents.json` as `{ "sha256:<hex>": "<document>" }` (the GraphQL-over-HTTP persisted-documents
 * appendix's `sha256:` document identifier); Apollo's `apollo-persisted-query-manifest` format is read too. Every
 * entry is checked when the gateway starts — its id must be the SHA-256 of its text, and the text a valid
 * operation of this schema — and every problem of every manifest is reported at once, so a manifest built against
 * another schema version fails the deployment instead of failing users one query at a time.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { parse, validate } from 'graphql';

export interface TrustedDocuments {
  /** The document with this SHA-256 (hex, lower case), if a manifest holds it. */
  byHash(hex: string): string | undefined;
  readonly size: number;
}

export class ManifestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid trusted-documents manifest:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function entriesOf(json: unknown): Array<[string, unknown]> | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  if (record.format === 'apollo-persisted-query-manifest' && Array.isArray(record.operations)) {
    return (record.operations as Array<{ id?: unknown; body?: unknown }>).map((op) => [
      String(op.id),
      op.body,
    ]);
  }
  return Object.entries(record);
}

/** Reads and checks manifests; `read` is injectable for tests. Throws `ManifestError` listing every problem. */
export function loadTrustedDocuments(
  paths: readonly string[],
  schema: GraphQLSchema,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): TrustedDocuments {
  const documents = new Map<string, string>();
  const problems: string[] = [];
  for (const path of paths) {
    let json: unknown;
    try {
      json = JSON.parse(read(path));
    } catch (error) {
      problems.push(`${path}: cannot be read as JSON (${(error as Error).message})`);
      continue;
    }
    const entries = entriesOf(json);
    if (!entries) {
      problems.push(`${path}: expected an object of "sha256:<hex>": "<document>" entries`);
      continue;
    }
    for (const [id, document] of entries) {
      const hex = /^(?:sha256:)?([0-9a-f]{64})$/.exec(id)?.[1];
      if (!hex || typeof document !== 'string') {
        problems.push(`${path}: "${id.slice(0, 80)}" is not a sha256 document id with a document`);
        continue;
      }
      if (sha256Hex(document) !== hex) {
        problems.push(`${path}: ${id} is not the SHA-256 of its document`);
        continue;
      }
      try {
        const errors = validate(schema, parse(document));
        if (errors.length > 0) {
          problems.push(
            `${path}: ${id} is not valid for this schema: ${errors.map((e) => e.message).join('; ')}`,
          );
          continue;
        }
      } catch (error) {
        problems.push(`${path}: ${id} does not parse: ${(error as Error).message}`);
        continue;
      }
      documents.set(hex, document);
    }
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return { byHash: (hex) => documents.get(hex), size: documents.size };
}
