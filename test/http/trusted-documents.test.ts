/**
 * Trusted documents: the gateway accepts graphql-codegen's persisted-documents manifest (the committed examples/
 * client's own `persisted-documents.json`), runs `documentId: "sha256:…"` requests from it alongside APQ, and with
 * `only` refuses everything else — over real HTTP, against the simulator.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestError } from '../../src/trusted-documents/manifest';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import { TOKEN, startGateway, startStack } from '../helpers/stack';

const MANIFEST = path.join(__dirname, '..', '..', 'examples', 'src', 'gql', 'persisted-documents.json');
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
const idOf = (operation: string): string => {
  const entry = Object.entries(manifest).find(([, text]) => text.includes(`query ${operation}`));
  if (!entry) throw new Error(`${operation} is not in the examples manifest`);
  return entry[0];
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const MODERN = 'application/graphql-response+json';
const FREE_FORM = `{ taxpayer(nino: "${DEMO_NINO}") { nino } }`;

async function post(url: string, body: object, accept = MODERN) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const codeOf = (answer: { body: any }): unknown => answer.body.errors?.[0]?.extensions?.code;

describe('manifests alongside free-form queries and APQ (default)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ deps: { trustedDocuments: { manifests: [MANIFEST], only: false } } });
  });
  afterAll(() => stack.stop());

  it('runs a codegen document by its sha256: documentId (POST)', async () => {
    expect(idOf('SubmittedOn')).toMatch(/^sha256:[0-9a-f]{64}$/);
    const answer = await post(stack.url, { documentId: idOf('SubmittedOn') });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toEqual(expect.any(String));
  });

  it('runs one with variables, and by GET (with the CSRF preflight header)', async () => {
    const variables = { nino: DEMO_NINO, taxYear: '2024-25' };
    const answer = await post(stack.url, { documentId: idOf('YearScreen'), variables });
    expect(answer.body.data.taxpayer.taxYear.taxYear).toBe('2024-25');
    const search = new URLSearchParams({
      documentId: idOf('YearScreen'),
      variables: JSON.stringify(variables),
    });
    const response = await fetch(`${stack.url}?${search.toString()}`, {
      headers: { accept: MODERN, authorization: `Bearer ${TOKEN}`, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.taxpayer.taxYear.taxYear).toBe('2024-25');
  });

  it('refuses an unknown or malformed documentId with PERSISTED_DOCUMENT_NOT_FOUND, by media type', async () => {
    const before = stack.simulator.requests.length;
    const unknown = await post(stack.url, { documentId: `sha256:${'0'.repeat(64)}` });
    expect([unknown.status, codeOf(unknown)]).toEqual([400, 'PERSISTED_DOCUMENT_NOT_FOUND']);
    const legacy = await post(stack.url, { documentId: 'md5:abc' }, 'application/json');
    expect([legacy.status, codeOf(legacy)]).toEqual([200, 'PERSISTED_DOCUMENT_NOT_FOUND']);
    expect(legacy.body.errors[0].extensions).toEqual({
      code: 'PERSISTED_DOCUMENT_NOT_FOUND',
      status: 400,
      origin: 'GATEWAY',
    });
    expect(stack.simulator.requests).toHaveLength(before);
  });

  it('refuses documentId together with query (BAD_REQUEST)', async () => {
    const answer = await post(stack.url, { documentId: idOf('SubmittedOn'), query: FREE_FORM });
    expect([answer.status, codeOf(answer)]).toEqual([400, 'BAD_REQUEST']);
  });

  it('still runs free-form queries and registers APQ', async () => {
    expect((await post(stack.url, { query: FREE_FORM })).body.data.taxpayer.nino).toBe(DEMO_NINO);
    const apq = { persistedQuery: { version: 1, sha256Hash: sha256(FREE_FORM) } };
    expect(codeOf(await post(stack.url, { extensions: apq }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    await post(stack.url, { query: FREE_FORM, extensions: apq });
    expect((await post(stack.url, { extensions: apq })).body.data.taxpayer.nino).toBe(DEMO_NINO);
  });
});

describe('TRUSTED_DOCUMENTS_ONLY', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ deps: { trustedDocuments: { manifests: [MANIFEST], only: true } } });
  });
  afterAll(() => stack.stop());

  it('runs manifest documents by documentId', async () => {
    const answer = await post(stack.url, { documentId: idOf('SubmittedOn') });
    expect(answer.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toEqual(expect.any(String));
  });

  it('refuses a free-form query and an APQ registration with PERSISTED_DOCUMENT_REQUIRED, calling nothing', async () => {
    const before = stack.simulator.requests.length;
    const freeForm = await post(stack.url, { query: FREE_FORM });
    expect([freeForm.status, codeOf(freeForm)]).toEqual([400, 'PERSISTED_DOCUMENT_REQUIRED']);
    const register = await post(stack.url, {
      query: FREE_FORM,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(FREE_FORM) } },
    });
    expect(codeOf(register)).toBe('PERSISTED_DOCUMENT_REQUIRED');
    const hashOnly = await post(stack.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(FREE_FORM) } },
    });
    expect(codeOf(hashOnly)).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    // Not even introspection: an explorer needs a gateway that accepts free-form documents.
    expect(codeOf(await post(stack.url, { query: '{ __typename }' }))).toBe('PERSISTED_DOCUMENT_REQUIRED');
    expect(stack.simulator.requests).toHaveLength(before);
  });

  it('accepts a manifest document sent as text or as its APQ hash (Apollo Client persisted-query link)', async () => {
    const text = manifest[idOf('SubmittedOn')]!;
    const asText = await post(stack.url, { query: text });
    expect(asText.body.errors).toBeUndefined();
    expect(asText.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toEqual(expect.any(String));
    const byHash = await post(stack.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } },
    });
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toEqual(expect.any(String));
  });
});

describe('manifest checks at start-up', () => {
  it('refuses a gateway whose manifests are wrong, listing every problem', async () => {
    const good = 'query Good { taxpayer(nino: "AA123456A") { nino } }';
    const invalid = 'query Bad { taxpayer(nino: "AA123456A") { noSuchField } }';
    const files: Record<string, string> = {
      'a.json': JSON.stringify({
        [`sha256:${sha256(good)}`]: good,
        [`sha256:${'1'.repeat(64)}`]: good,
        [`sha256:${sha256(invalid)}`]: invalid,
      }),
      'b.json': '{ not json',
    };
    const attempt = startGateway('http://127.0.0.1:9', {
      deps: { trustedDocuments: { manifests: ['a.json', 'b.json'], only: true, read: (p) => files[p]! } },
    });
    await expect(attempt).rejects.toThrow(ManifestError);
    const problems = await attempt.catch((error: ManifestError) => error.problems);
    expect(problems).toEqual([
      expect.stringMatching(/^a\.json: sha256:1{64} is not the SHA-256 of its document$/),
      expect.stringMatching(/^a\.json: sha256:[0-9a-f]{64} is not valid for this schema: .*noSuchField/),
      expect.stringMatching(/^b\.json: cannot be read as JSON/),
    ]);
  });
});
