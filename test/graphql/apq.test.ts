/**
 * Automatic persisted queries over HTTP: a client sends the sha256 of a query it has sent before instead of its
 * text. An unknown hash is PERSISTED_QUERY_NOT_FOUND (the client then sends both, which registers the query); a
 * hash that does not match the text is refused; hash-only requests work over POST and over GET (with the
 * preflight header Apollo's CSRF prevention asks for), and a GET can never run a mutation. With the memory store
 * each gateway has its own queries; with Redis, one registered on one gateway is known to the other.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { RunningGateway, Stack } from '../helpers/stack';
import { startGateway, startStack } from '../helpers/stack';
import type { SharedRedis } from '../helpers/redis';
import { connectClient, describeRedis, scanKeys, sharedRedis } from '../helpers/redis';
import { WAIT_FOR_DEADLINE_MS, waitFor } from '../helpers/wait';

const TOKEN = `apq-test-${randomUUID()}`;
/**
 * APQ_TTL_SECONDS in the expiry tests. The store's clock is not injectable (Redis's, or the memory store's), so they
 * run on real time: a query registered must still be found by the next request, which a loaded 2-core machine may
 * take over a second to send; 3 s leaves that room (the waits past it can only be longer than needed).
 */
const APQ_TTL_SECONDS = 3;
/** The Redis timeout of the gateways sharing APQ through Redis (production: 250 ms), see where it is used. */
const SHARING_REDIS_TIMEOUT_MS = 10_000;
const AUTH = { authorization: `Bearer ${TOKEN}` };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A query no other run has registered (a shared Redis outlives test runs): the comment changes its hash. */
function uniqueQuery(selection = 'pensionCharges { submittedOn }'): string {
  return `# apq test ${randomUUID()}
query Apq($nino: Nino!) { taxpayer(nino: $nino) { taxYear(taxYear: "2023-24") { ${selection} } } }`;
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function get(
  url: string,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(`${url}?${search.toString()}`, {
    method: 'GET',
    headers: { ...AUTH, ...headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const VARIABLES = { nino: DEMO_NINO };
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

function expectNotFound(answer: Answer): void {
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
}

function expectData(answer: Answer): void {
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
}

/** The APQ contract against `first` (and `second`, a second gateway; `shared`: whether they share a store). */
function apqSuite(gateways: () => { first: Stack; second: RunningGateway; shared: boolean }): void {
  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, without calling HMRC', async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const before = first.simulator.requests.length;
    expectNotFound(await post(first.url, { variables: VARIABLES, extensions: persisted(sha256(query)) }));
    expectNotFound(
      await get(first.url, { variables: VARIABLES, extensions: persisted(sha256(query)) }, PREFLIGHT),
    );
    expect(first.simulator.requests.length).toBe(before);
  });

  it('registers a query sent with its hash; afterwards the hash alone runs it, over POST and GET', async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const hash = sha256(query);
    expectNotFound(await post(first.url, { variables: VARIABLES, extensions: persisted(hash) }));

    const registered = await post(first.url, { query, variables: VARIABLES, extensions: persisted(hash) });
    expectData(registered);

    const byPost = await post(first.url, { variables: VARIABLES, extensions: persisted(hash) });
    expectData(byPost);
    expect(byPost.body).toEqual(registered.body);

    const byGet = await get(first.url, { variables: VARIABLES, extensions: persisted(hash) }, PREFLIGHT);
    expectData(byGet);
    expect(byGet.body).toEqual(registered.body);
    // A per-caller answer: never something a shared cache (CDN, proxy) may keep and hand to someone else.
    expect(byGet.headers.get('cache-control') ?? '').not.toMatch(/public/i);

    // Other variables with the same hash: the stored text, run for them.
    const otherNino = await post(first.url, {
      variables: { nino: 'AB123456C' },
      extensions: persisted(hash),
    });
    expect(otherNino.body.errors).toBeUndefined();
    expect(otherNino.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
  });

  it('registers a query sent over GET with its hash too', async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const hash = sha256(query);
    expectData(await get(first.url, { query, variables: VARIABLES, extensions: persisted(hash) }, PREFLIGHT));
    expectData(await post(first.url, { variables: VARIABLES, extensions: persisted(hash) }));
  });

  it("refuses a GET without the preflight header (Apollo's CSRF prevention), hash or not", async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const hash = sha256(query);
    expectData(await post(first.url, { query, variables: VARIABLES, extensions: persisted(hash) }));
    const before = first.simulator.requests.length;
    const blocked = await get(first.url, { variables: VARIABLES, extensions: persisted(hash) });
    expect(blocked.status).toBe(400);
    expect(JSON.stringify(blocked.body)).toMatch(/Cross-Site Request Forgery/);
    expect(first.simulator.requests.length).toBe(before);
  });

  it('refuses a hash that does not match the query (400), and registers nothing under it', async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const wrong = sha256(`${query} `);
    const before = first.simulator.requests.length;
    const refused = await post(first.url, { query, variables: VARIABLES, extensions: persisted(wrong) });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toHaveLength(1);
    expect(first.simulator.requests.length).toBe(before);
    expectNotFound(await post(first.url, { variables: VARIABLES, extensions: persisted(wrong) }));
    // Nor under the query's real hash.
    expectNotFound(await post(first.url, { variables: VARIABLES, extensions: persisted(sha256(query)) }));
  });

  it('refuses an unsupported persisted-query version (400) without running the query', async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const before = first.simulator.requests.length;
    const answer = await post(first.url, {
      query,
      variables: VARIABLES,
      extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(first.simulator.requests.length).toBe(before);
  });

  // Apollo raises these two refusals without an `extensions.code` (only an HTTP 400); they are the caller's
  // mistakes and must not be masked as INTERNAL_SERVER_ERROR.
  it("reports a mismatched hash or version as the caller's BAD_REQUEST, with Apollo's message", async () => {
    const { first } = gateways();
    const query = uniqueQuery();
    const mismatched = await post(first.url, {
      query,
      variables: VARIABLES,
      extensions: persisted(sha256('x')),
    });
    expect(mismatched.body.errors[0]).toMatchObject({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST', status: 400, origin: 'GATEWAY' },
    });
    const version = await post(first.url, {
      query,
      variables: VARIABLES,
      extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } },
    });
    expect(version.body.errors[0]).toMatchObject({
      message: 'Unsupported persisted query version',
      extensions: { code: 'BAD_REQUEST', status: 400, origin: 'GATEWAY' },
    });
  });

  it('never runs a persisted mutation over GET', async () => {
    const { first } = gateways();
    const mutation = `# apq mutation ${randomUUID()}
mutation Del($nino: Nino!) { deletePensionCharges(nino: $nino, taxYear: "2023-24") { correlationId } }`;
    const hash = sha256(mutation);
    const token = `apq-mutation-${randomUUID()}`;
    const auth = { authorization: `Bearer ${token}` };
    // Registered by a POST (HMRC answers 404: this token has nothing to delete for that NINO).
    await post(
      first.url,
      { query: mutation, variables: { nino: 'AB123456C' }, extensions: persisted(hash) },
      auth,
    );
    const before = first.simulator.requests.filter((r) => r.method === 'DELETE').length;
    const viaGet = await get(
      first.url,
      { variables: { nino: DEMO_NINO }, extensions: persisted(hash) },
      {
        ...PREFLIGHT,
        ...auth,
      },
    );
    // Found by its hash (an unknown one would be PERSISTED_QUERY_NOT_FOUND), and refused as a mutation over GET.
    expect(viaGet.status).toBe(405);
    expect(viaGet.body.errors[0].message).toMatch(/mutation.*GET|GET.*mutation/i);
    expect(first.simulator.requests.filter((r) => r.method === 'DELETE').length).toBe(before);
  });

  it("keeps each caller's queries to that caller: another learns nothing, not even that it exists", async () => {
    const { first, second, shared } = gateways();
    const other = { authorization: `Bearer apq-other-${randomUUID()}` };
    const query = uniqueQuery();
    const hash = sha256(query);
    expectData(await post(first.url, { query, variables: VARIABLES, extensions: persisted(hash) }));
    expectData(await post(first.url, { variables: VARIABLES, extensions: persisted(hash) }));

    // Caller B, asking by the hash A registered, gets exactly what a never-registered hash gets.
    const never = sha256(uniqueQuery());
    for (const gateway of shared ? [first, second] : [first]) {
      const before = first.simulator.requests.length;
      const known = await post(gateway.url, { variables: VARIABLES, extensions: persisted(hash) }, other);
      const unknown = await post(gateway.url, { variables: VARIABLES, extensions: persisted(never) }, other);
      expectNotFound(known);
      expect(known.status).toBe(unknown.status);
      expect(known.body).toEqual(unknown.body);
      expect(first.simulator.requests.length).toBe(before);
    }

    // B registering the same text gets its own entry; A's still works, and neither replaces the other.
    expectData(await post(first.url, { query, variables: VARIABLES, extensions: persisted(hash) }, other));
    expectData(await post(first.url, { variables: VARIABLES, extensions: persisted(hash) }, other));
    expectData(await post(first.url, { variables: VARIABLES, extensions: persisted(hash) }));
  });

  it('never looks up or registers a persisted query without a usable token', async () => {
    const { first } = gateways();
    const query = `# apq anonymous ${randomUUID()}\n{ __typename }`;
    const hash = sha256(query);
    const anonymous = { authorization: '' };
    const registered = await post(first.url, { query, extensions: persisted(hash) }, anonymous);
    expect(registered.body).toEqual({ data: { __typename: 'Query' } });
    expectNotFound(await post(first.url, { extensions: persisted(hash) }, anonymous));
    // Nor did it register the query for anyone else.
    expectNotFound(await post(first.url, { extensions: persisted(hash) }));
  });

  it('keeps queries apart per gateway with the memory store, and shares them through Redis', async () => {
    const { first, second, shared } = gateways();
    const query = uniqueQuery('disclosures { submittedOn }');
    const hash = sha256(query);
    const registered = await post(first.url, { query, variables: VARIABLES, extensions: persisted(hash) });
    expect(registered.body.data.taxpayer.taxYear.disclosures.submittedOn).toBeTruthy();
    const elsewhere = await post(second.url, { variables: VARIABLES, extensions: persisted(hash) });
    if (shared) {
      expect(elsewhere.body.errors).toBeUndefined();
      expect(elsewhere.body).toEqual(registered.body);
      // And the other way round.
      const query2 = uniqueQuery('reliefs { foreign { submittedOn } }');
      await post(second.url, { query: query2, variables: VARIABLES, extensions: persisted(sha256(query2)) });
      const back = await post(first.url, { variables: VARIABLES, extensions: persisted(sha256(query2)) });
      expect(back.body.errors).toBeUndefined();
      expect(back.body.data.taxpayer.taxYear.reliefs.foreign.submittedOn).toBeTruthy();
    } else {
      expectNotFound(elsewhere);
    }
  });
}

describe('APQ with the memory store', () => {
  let first: Stack;
  let second: RunningGateway;
  beforeAll(async () => {
    first = await startStack({ cache: {} });
    second = await startGateway(first.simulatorUrl, { cache: {} });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  apqSuite(() => ({ first, second, shared: false }));

  it('forgets a query after APQ_TTL_SECONDS', async () => {
    const short = await startGateway(first.simulatorUrl, { cache: {}, apqTtlSeconds: APQ_TTL_SECONDS });
    try {
      const query = uniqueQuery();
      const hash = sha256(query);
      expectData(await post(short.url, { query, variables: VARIABLES, extensions: persisted(hash) }));
      expectData(await post(short.url, { variables: VARIABLES, extensions: persisted(hash) }));
      await new Promise((resolve) => setTimeout(resolve, APQ_TTL_SECONDS * 1_000 + 200));
      expectNotFound(await post(short.url, { variables: VARIABLES, extensions: persisted(hash) }));
    } finally {
      await short.stop();
    }
  });

  it('works without a response cache configured (Apollo keeps the queries)', async () => {
    const plain = await startGateway(first.simulatorUrl);
    try {
      const query = uniqueQuery();
      const hash = sha256(query);
      expectNotFound(await post(plain.url, { variables: VARIABLES, extensions: persisted(hash) }));
      expectData(await post(plain.url, { query, variables: VARIABLES, extensions: persisted(hash) }));
      expectData(await post(plain.url, { variables: VARIABLES, extensions: persisted(hash) }));
    } finally {
      await plain.stop();
    }
  });
});

describeRedis('APQ with Redis shared by two gateways', () => {
  let redis: SharedRedis;
  let first: Stack;
  let second: RunningGateway;
  beforeAll(async () => {
    redis = await sharedRedis();
    // A generous Redis timeout: this suite is about sharing queries, not about a slow Redis (a lookup slower than
    // the default 250 ms is PERSISTED_QUERY_NOT_FOUND, which on a loaded machine would look like a sharing bug).
    first = await startStack({ cache: { redisUrl: redis.url, timeoutMs: SHARING_REDIS_TIMEOUT_MS } });
    second = await startGateway(first.simulatorUrl, {
      cache: { redisUrl: redis.url, timeoutMs: SHARING_REDIS_TIMEOUT_MS },
    });
    // Both Redis clients connect in the background; wait until a registration on one is seen by the other.
    const deadline = Date.now() + WAIT_FOR_DEADLINE_MS;
    for (;;) {
      const query = uniqueQuery();
      await post(first.url, { query, variables: VARIABLES, extensions: persisted(sha256(query)) });
      const seen = await post(second.url, { variables: VARIABLES, extensions: persisted(sha256(query)) });
      if (!seen.body.errors) break;
      if (Date.now() > deadline) throw new Error('the gateways never shared a query through Redis');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await redis?.stop();
  });

  apqSuite(() => ({ first, second, shared: true }));

  it('stores nothing readable: no hash, no query text, no NINO, no token; with the TTL, in the APQ namespace', async () => {
    const utr = '1234567890';
    const query = `${uniqueQuery()}
query Other { taxpayer(nino: "${DEMO_NINO}", utr: "${utr}") { selfAssessmentAccount { balanceDetails { totalBalance } } } }`;
    const hash = sha256(query);
    const client = await connectClient(redis.url);
    try {
      const before = new Set(await scanKeys(client, 'hmrc-gw:apq:*'));
      expect(
        (
          await post(first.url, {
            query,
            operationName: 'Apq',
            variables: VARIABLES,
            extensions: persisted(hash),
          })
        ).body.errors,
      ).toBeUndefined();
      // Apollo registers asynchronously, after answering.
      let added: string[] = [];
      await waitFor(async () => {
        added = (await scanKeys(client, 'hmrc-gw:apq:*')).filter((key) => !before.has(key));
        return added.length > 0;
      }, 'the registration to reach Redis');
      expect(added).toHaveLength(1);
      const [key] = added as [string];
      expect(key).not.toContain(hash);
      expect(key).not.toContain(TOKEN);
      const raw = (await client.get(key))!;
      for (const secret of [
        query,
        'taxpayer',
        'selfAssessmentAccount',
        DEMO_NINO,
        utr,
        hash,
        TOKEN,
        'apq test',
      ])
        expect(raw).not.toContain(secret);
      // Not even encoded: the sealed text is ciphertext, not the query in base64.
      expect(raw).not.toContain(Buffer.from(query).toString('base64').slice(0, 40));
      const ttl = await client.pTTL(key);
      expect(ttl).toBeGreaterThan(86_000_000);
      expect(ttl).toBeLessThanOrEqual(86_400_000);
      // And it is the entry that serves the caller: without it the hash is unknown again.
      await client.del(key);
      expectNotFound(await post(first.url, { variables: VARIABLES, extensions: persisted(hash) }));
    } finally {
      client.destroy();
    }
  });

  it('forgets a query after APQ_TTL_SECONDS on every gateway', async () => {
    const shortA = await startGateway(first.simulatorUrl, {
      cache: { redisUrl: redis.url, timeoutMs: SHARING_REDIS_TIMEOUT_MS },
      apqTtlSeconds: APQ_TTL_SECONDS,
    });
    const shortB = await startGateway(first.simulatorUrl, {
      cache: { redisUrl: redis.url, timeoutMs: SHARING_REDIS_TIMEOUT_MS },
      apqTtlSeconds: APQ_TTL_SECONDS,
    });
    try {
      const query = uniqueQuery();
      const hash = sha256(query);
      // Until both clients are connected, a registration may not reach Redis.
      const deadline = Date.now() + WAIT_FOR_DEADLINE_MS;
      for (;;) {
        await post(shortA.url, { query, variables: VARIABLES, extensions: persisted(hash) });
        const seen = await post(shortB.url, { variables: VARIABLES, extensions: persisted(hash) });
        if (!seen.body.errors) break;
        if (Date.now() > deadline) throw new Error('never shared');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, APQ_TTL_SECONDS * 1_000 + 200));
      expectNotFound(await post(shortA.url, { variables: VARIABLES, extensions: persisted(hash) }));
      expectNotFound(await post(shortB.url, { variables: VARIABLES, extensions: persisted(hash) }));
    } finally {
      await shortA.stop();
      await shortB.stop();
    }
  });
});

describe('APQ when its store fails', () => {
  let stack: Stack;
  const calls = { get: 0, set: 0 };
  beforeAll(async () => {
    const failing = {
      get: () => {
        calls.get++;
        return Promise.reject(new Error('store down'));
      },
      set: () => {
        calls.set++;
        return Promise.reject(new Error('store down'));
      },
      delete: () => Promise.reject(new Error('store down')),
    };
    stack = await startStack({ cache: {}, deps: { apq: { cache: failing, ttlSeconds: 60 } } });
  });
  afterAll(() => stack.stop());

  it('answers a hash as not found (the client then sends the text), and runs a query sent with its hash', async () => {
    const query = uniqueQuery();
    const hash = sha256(query);
    const hashOnly = await post(stack.url, { variables: VARIABLES, extensions: persisted(hash) });
    expect(hashOnly.status).toBe(200);
    expectNotFound(hashOnly);
    expectData(await post(stack.url, { query, variables: VARIABLES, extensions: persisted(hash) }));
    // Both were tried: the lookup, and the registration after the hash was checked.
    await waitFor(() => calls.set === 1, 'the registration attempt');
    expect(calls.get).toBe(1);
  });
});
