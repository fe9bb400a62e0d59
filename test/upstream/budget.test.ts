/**
 * One request cannot spend the application's HMRC budget, over real HTTP against a scripted stub HMRC:
 *
 * - amplification: a request whose shape needs more than HMRC_MAX_CALLS_PER_REQUEST calls is refused before any
 *   call (HTTP 400, HMRC_CALL_BUDGET_EXCEEDED), counted by distinct resource keys through aliases, fragments,
 *   variables and @skip; the session's own counter holds the same limit as calls are made;
 * - starvation: with the budget full of one caller's wide query, another caller's small query is served within a
 *   few slots (fair queueing; fake time);
 * - cancellation: a client that hangs up takes its queued calls out of the budget's queue (the stub sees no more)
 *   and aborts those in flight; REQUEST_DEADLINE_MS does the same and answers REQUEST_DEADLINE_EXCEEDED;
 * - coalescing: identical reads in flight of one principal share one HMRC call, never across principals.
 */
import type http from 'node:http';
import { authenticate } from '../../src/auth/principal';
import type { GatewayError } from '../../src/errors/hmrc-error';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import { pensionChargesEndpoint as pensionCharges } from '../../src/resources/pension-charges';
import { HmrcClient } from '../../src/hmrc/client';
import type { UpstreamLimiter } from '../../src/hmrc/rate-limiter';
import { createRateLimiter } from '../../src/hmrc/rate-limiter';
import { HmrcSession } from '../../src/hmrc/session';
import { silentLogger } from '../../src/util/logger';
import { fakeTime } from '../helpers/fake-time';
import type { RunningGateway } from '../helpers/stack';
import { TOKEN, startGateway } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { deferred, quiet, waitFor } from '../helpers/wait';

const NO_DATA = { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' };
const CHARGES = {
  submittedOn: '2024-01-01T00:00:00.000Z',
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA'],
    inExcessOfTheAnnualAllowance: 1,
    annualAllowanceTaxPaid: 1,
  },
};
const YEAR = '2023-24';
const EVERY_RESOURCE = `
  pensionCharges { submittedOn }
  reliefs {
    investments { submittedOn }
    other { submittedOn }
    foreign { submittedOn }
    pensions { submittedOn }
    charitableGiving { gifts { landAndBuildings } }
  }
  disclosures { submittedOn }
  selfAssessment { amountOutstanding }
`;
const nino = (i: number) => `AA${String(i).padStart(6, '0')}A`;
const chargesOf = (n: string, alias = 't') =>
  `${alias}: taxpayer(nino: "${n}") { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } } }`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * A limiter on fake time that counts the calls asking it for a slot, and how each ended (admitted or refused):
 * the test moves the clock only once the calls it expects are queued, so that which call gets which slot does not
 * depend on how fast the machine got each request to the budget.
 */
function countedLimiter() {
  const time = fakeTime();
  const inner = createRateLimiter({ requestsPerSecond: 3, maxWaitMs: 60_000, logger: silentLogger(), time });
  const counts = { asked: 0, admitted: 0, refused: 0 };
  const limiter: UpstreamLimiter = {
    acquire: (options) => {
      counts.asked++;
      return inner.acquire(options).then(
        () => void counts.admitted++,
        (error: unknown) => {
          counts.refused++;
          throw error;
        },
      );
    },
    pause: (ms) => inner.pause(ms),
  };
  return { time, limiter, counts };
}

/**
 * Counts the requests the gateway has read in full (headers and body): what is left before one joins a shared
 * read is work in this process, no I/O.
 */
function countReceived(running: RunningGateway): () => number {
  let received = 0;
  running.gateway.httpServer.on('request', (req: http.IncomingMessage) => req.once('end', () => received++));
  return () => received;
}

let stub: Stub;
let gateway: RunningGateway | undefined;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(() => stub.close());
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
  stub.requests.length = 0;
  stub.reply(() => ({ status: 404, body: NO_DATA }));
});
beforeEach(() => stub.reply(() => ({ status: 404, body: NO_DATA })));

describe('HMRC_MAX_CALLS_PER_REQUEST: amplification', () => {
  // The alias limit (GRAPHQL_MAX_ALIASES, 30) would refuse these documents first; raised here so that the call
  // budget itself is what is tested (test/graphql/operation-limits.test.ts covers the alias limit).
  const aliasesAllowed = { limits: { aliases: 1_000 } };

  it('refuses 70 aliases of distinct NINOs before any call: HTTP 400, HMRC_CALL_BUDGET_EXCEEDED', async () => {
    gateway = await startGateway(stub.url, aliasesAllowed);
    const query = `{ ${Array.from({ length: 70 }, (_, i) => chargesOf(nino(i), `t${i}`)).join('\n')} }`;
    const response = await gateway.gql(query);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]).toMatchObject({
      extensions: { code: 'HMRC_CALL_BUDGET_EXCEEDED', status: 400, origin: 'GATEWAY' },
    });
    expect(response.body.errors![0]!.message).toMatch(/needs 70 calls.*at most 64/);
    await quiet();
    expect(stub.requests).toHaveLength(0);
  });

  it('counts distinct keys: 60 aliases of the same resource are one call and pass', async () => {
    gateway = await startGateway(stub.url, aliasesAllowed);
    const query = `{ ${Array.from({ length: 60 }, (_, i) => chargesOf(nino(1), `t${i}`)).join('\n')} }`;
    const response = await gateway.gql(query);
    expect(response.body.errors).toBeUndefined();
    expect(stub.requests).toHaveLength(1);
  });

  it('lets the largest legitimate query through: 7 years × every resource + the SA account, 64 calls at most', async () => {
    gateway = await startGateway(stub.url);
    const query = `{ taxpayer(nino: "${nino(1)}", utr: "1234567890") {
      taxYears(from: "2020-21", to: "2026-27") {
        ${EVERY_RESOURCE}
        highIncomeChildBenefitCharge { submittedOn }
        winterFuelPayment { submittedOn }
        summary { noData highIncomeChildBenefitCharge { numberOfChildren } }
      }
      selfAssessmentAccount { balanceDetails { totalBalance } }
    } }`;
    const response = await gateway.gql(query);
    expect(response.status).toBe(200);
    const codes = new Set((response.body.errors ?? []).map((e) => String(e.extensions.code)));
    expect(codes.has('HMRC_CALL_BUDGET_EXCEEDED')).toBe(false);
    expect(stub.requests.length).toBeGreaterThan(40);
    expect(stub.requests.length).toBeLessThanOrEqual(64);
  });

  it('counts the High Income Child Benefit Charge and each Winter Fuel Payment source among the calls', async () => {
    gateway = await startGateway(stub.url, { maxCallsPerRequest: 3 });
    // HICBC from 2025-26 (2 years of the 7), Winter Fuel Payment from 2026-27, once by default and once for
    // `USER`: 4 distinct calls. The summary's HICBC is the same call as the field's.
    const query = `{ taxpayer(nino: "${nino(1)}") { taxYears(from: "2020-21", to: "2026-27") {
      highIncomeChildBenefitCharge { submittedOn }
      summary { highIncomeChildBenefitCharge { numberOfChildren } }
      winterFuelPayment { submittedOn }
      user: winterFuelPayment(source: USER) { submittedOn }
    } } }`;
    const refused = await gateway.gql(query);
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0]!.message).toMatch(/needs 4 calls.*at most 3/);
    await quiet();
    expect(stub.requests).toHaveLength(0);
  });

  it('reads variables, fragments and @skip: the same shape through variables is refused too', async () => {
    gateway = await startGateway(stub.url, { maxCallsPerRequest: 10 });
    const query = `query($a: Nino!, $b: Nino!, $from: TaxYear!, $to: TaxYear!, $skip: Boolean!) {
      a: taxpayer(nino: $a) { taxYears(from: $from, to: $to) { ...Charges } }
      b: taxpayer(nino: $b) { taxYears(from: $from, to: $to) { ...Charges } }
      c: taxpayer(nino: "${nino(9)}") @skip(if: $skip) { taxYears(from: $from, to: $to) { ...Charges } }
    }
    fragment Charges on TaxpayerYear { pensionCharges { submittedOn } disclosures { submittedOn } }`;
    // 2 taxpayers × 3 years × 2 resources = 12 > 10 (the skipped third would make 18).
    const refused = await gateway.gql(query, {
      a: nino(1),
      b: nino(2),
      from: '2022-23',
      to: '2024-25',
      skip: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0]!.message).toMatch(/needs 12 calls/);
    // 2 × 2 years × 2 = 8: within the budget, and exactly those calls are made.
    const allowed = await gateway.gql(query, {
      a: nino(1),
      b: nino(2),
      from: '2023-24',
      to: '2024-25',
      skip: true,
    });
    expect(allowed.body.errors).toBeUndefined();
    expect(stub.requests).toHaveLength(8);
  });

  it('does not count years a resource does not offer (no call is made for them)', async () => {
    gateway = await startGateway(stub.url, { maxCallsPerRequest: 2 });
    // Pension charges start at 2021-22: of these four years only two are called.
    const response = await gateway.gql(
      `{ taxpayer(nino: "${nino(1)}") { taxYears(from: "2019-20", to: "2022-23") { pensionCharges { submittedOn } } } }`,
    );
    expect(response.status).toBe(200);
    expect(stub.requests).toHaveLength(2);
  });

  it('the session holds the same limit as calls are made, whatever asks it (over HTTP to the stub)', async () => {
    const client = new HmrcClient({
      baseUrl: stub.url,
      versions: DEFAULT_API_VERSIONS,
      timeoutMs: 5_000,
      maxConnections: 4,
      logger: silentLogger(),
    });
    const auth = authenticate(`Bearer ${TOKEN}`);
    if (!('principal' in auth)) throw new Error('no principal');
    const session = new HmrcSession(client, auth.principal, {}, { sandbox: true }, { maxCalls: 2 });
    try {
      const results = await Promise.allSettled(
        ['2021-22', '2022-23', '2023-24'].map((taxYear) =>
          session.retrieve(pensionCharges, { nino: nino(1), taxYear }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const error = (results[2] as PromiseRejectedResult).reason as GatewayError;
      expect(error.errors[0].code).toBe('HMRC_CALL_BUDGET_EXCEEDED');
      expect(stub.requests).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});

describe('fair queueing across callers (fake time)', () => {
  it("a small query waits a few slots behind another caller's 42-call query, not behind all of it", async () => {
    const { time, limiter, counts } = countedLimiter();
    const arrivals: string[] = [];
    stub.reply((req) => {
      arrivals.push(req.headers.authorization === 'Bearer small-caller-token' ? 'small' : 'wide');
      return { status: 404, body: NO_DATA };
    });
    gateway = await startGateway(stub.url, { limiter, maxConcurrencyPerRequest: 64 });
    const wide = gateway.gql(
      `{ taxpayer(nino: "${nino(1)}") { taxYears(from: "2021-22", to: "2026-27") { ${EVERY_RESOURCE.replace('selfAssessment { amountOutstanding }', '')} } } }`,
      undefined,
      bearer('wide-caller-token'),
    );
    // The wide query's 42 calls are all queued (the first has the idle slot) before the clock moves.
    await waitFor(() => counts.asked === 42, "the wide query's 42 calls to be queued");
    await waitFor(() => arrivals.length === 1, 'the first wide call');
    await time.advance(400);
    await waitFor(() => arrivals.length === 2, 'the second wide call');
    const small = gateway.gql(`{ ${chargesOf(nino(2))} }`, undefined, bearer('small-caller-token'));
    // The clock stands still until the small query's call is queued too.
    await waitFor(() => counts.asked === 43, "the small query's call to be queued");
    let smallDone = false;
    void small.then(() => (smallDone = true));
    for (let step = 0; !smallDone && step < 500; step++) await time.advance(50);
    expect((await small).body.errors).toBeUndefined();
    const before = arrivals.indexOf('small') - 2;
    // At most one of the other caller's calls before it (the ring's turn), where first come, first served would
    // have put 40 ahead of it (13 s of budget at 3 a second).
    expect(before).toBeLessThanOrEqual(1);
    for (let step = 0; step < 400; step++) await time.advance(50);
    expect((await wide).body.errors).toBeUndefined();
    expect(arrivals.filter((a) => a === 'wide')).toHaveLength(42);
  });
});

describe('cancellation', () => {
  /**
   * REQUEST_DEADLINE_MS is real time (the deadline's timer is not injectable). The call answered in time must make
   * its round trip to the stub within it on a loaded 2-core machine; 2 s is ample, and still far from the held call.
   */
  const DEADLINE_MS = 2_000;

  it('a client that hangs up takes its queued calls out of the budget: the stub sees no more', async () => {
    const { time, limiter, counts } = countedLimiter();
    gateway = await startGateway(stub.url, { limiter, maxConcurrencyPerRequest: 64 });
    const hangUp = new AbortController();
    const wide = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: `{ taxpayer(nino: "${nino(1)}") { taxYears(from: "2021-22", to: "2026-27") { pensionCharges { submittedOn } disclosures { submittedOn } } } }`,
      }),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => counts.asked === 12, 'the 12 calls to be queued');
    await waitFor(() => stub.requests.length === 1, 'the first call');
    await time.advance(400);
    await waitFor(() => stub.requests.length === 2, 'the second call');
    hangUp.abort();
    await wide;
    // The gateway noticed: every queued call left the budget's queue (refused) before the clock moves on.
    await waitFor(() => counts.refused === 10, 'the ten queued calls to leave the queue');
    expect(counts.admitted).toBe(2);
    // 12 calls were queued; with the client gone, none of the other ten is ever sent.
    for (let step = 0; step < 100; step++) await time.advance(100);
    await quiet();
    expect(stub.requests).toHaveLength(2);
    // And the budget is free for others at once: the next caller is served in the next slot.
    await time.advance(400);
    const next = await gateway.gql(`{ ${chargesOf(nino(3))} }`, undefined, bearer('another-caller-token'));
    expect(next.body.errors).toBeUndefined();
    expect(stub.requests).toHaveLength(3);
  });

  it('a client that hangs up aborts its calls in flight', async () => {
    stub.reply(() => ({ status: 200, body: CHARGES, delayMs: 10_000 }));
    gateway = await startGateway(stub.url, { timeoutMs: 20_000 });
    const hangUp = new AbortController();
    const pending = fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: `{ ${chargesOf(nino(1))} }` }),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => stub.requests.length === 1, 'the call');
    hangUp.abort();
    await pending;
    await waitFor(() => stub.requests[0]!.aborted === true, 'the upstream call to be aborted');
  });

  it('REQUEST_DEADLINE_MS: fields still waiting fail with REQUEST_DEADLINE_EXCEEDED, their calls aborted', async () => {
    // The slow call is held until the test ends (far beyond the deadline). The deadline is real time (it is not
    // injectable): 2 s, so that the quick field's round trip to the stub fits within it on a loaded machine.
    const never = deferred();
    stub.reply((req) =>
      req.url.includes('/disclosures/')
        ? { status: 404, body: NO_DATA }
        : { status: 200, body: CHARGES, hold: never.promise },
    );
    gateway = await startGateway(stub.url, { timeoutMs: 20_000, requestDeadlineMs: DEADLINE_MS });
    const response = await gateway.gql(
      `{ taxpayer(nino: "${nino(1)}") { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } disclosures { submittedOn } } } }`,
    );
    expect(response.status).toBe(200);
    // The quick field answered; the slow one failed at the deadline, not after HMRC's 10 s.
    expect(response.body.data.taxpayer.taxYear).toEqual({ pensionCharges: null, disclosures: null });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'taxYear', 'pensionCharges'],
        extensions: { code: 'REQUEST_DEADLINE_EXCEEDED', status: 504, origin: 'GATEWAY' },
      }),
    ]);
    const charges = stub.requests.find((r) => r.url.includes('/charges/'))!;
    await waitFor(() => charges.aborted === true, 'the slow call to be aborted');
    never.resolve();
  });

  it('REQUEST_DEADLINE_MS: calls still queued for the budget are never sent', async () => {
    const { time, limiter, counts } = countedLimiter();
    gateway = await startGateway(stub.url, {
      limiter,
      requestDeadlineMs: DEADLINE_MS,
      maxConcurrencyPerRequest: 8,
    });
    const response = await gateway.gql(
      `{ taxpayer(nino: "${nino(1)}") { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } disclosures { submittedOn } reliefs { other { submittedOn } } } } }`,
    );
    // The fake clock never moved: one call had the idle slot, the other two waited until the (real) deadline.
    expect(response.body.errors?.map((e) => String(e.extensions.code))).toEqual([
      'REQUEST_DEADLINE_EXCEEDED',
      'REQUEST_DEADLINE_EXCEEDED',
    ]);
    await waitFor(() => counts.refused === 2, 'the two queued calls to leave the queue');
    for (let step = 0; step < 20; step++) await time.advance(500);
    await quiet();
    expect(stub.requests).toHaveLength(1);
  });
});

describe('coalescing identical reads across requests', () => {
  /**
   * HMRC's answer held until the test releases it: every request has joined the call in flight by then, however
   * slowly the machine delivered the requests (with a fixed delay, a late request would start a call of its own).
   */
  function held() {
    const release = deferred();
    stub.reply(() => ({ status: 200, body: CHARGES, hold: release.promise }));
    return release;
  }
  /**
   * Once the gateway has read them all, what is left before the requests join the shared call is work in this
   * process (parsing, validation, resolvers), no I/O: this margin for it holds on a loaded machine.
   */
  const JOIN_MARGIN_MS = 250;

  it('20 concurrent identical cold requests of one caller make one HMRC call, and all get the answer', async () => {
    const release = held();
    gateway = await startGateway(stub.url);
    const received = countReceived(gateway);
    const query = `{ ${chargesOf(nino(1))} }`;
    const pending = Promise.all(Array.from({ length: 20 }, () => gateway!.gql(query)));
    await waitFor(() => received() === 20 && stub.requests.length >= 1, 'the 20 requests and the call');
    await quiet(JOIN_MARGIN_MS);
    release.resolve();
    const responses = await pending;
    for (const r of responses) {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.t.taxYear.pensionCharges.submittedOn).toBe(CHARGES.submittedOn);
    }
    expect(stub.requests).toHaveLength(1);
  });

  it('never across callers: two tokens asking the same make two calls, each with its own token', async () => {
    const release = held();
    gateway = await startGateway(stub.url);
    const received = countReceived(gateway);
    const query = `{ ${chargesOf(nino(1))} }`;
    const pending = Promise.all(
      ['caller-one-token', 'caller-two-token'].flatMap((t) => [
        gateway!.gql(query, undefined, bearer(t)),
        gateway!.gql(query, undefined, bearer(t)),
      ]),
    );
    await waitFor(() => received() === 4 && stub.requests.length >= 2, 'the 4 requests and the calls');
    await quiet(JOIN_MARGIN_MS);
    release.resolve();
    await pending;
    expect(stub.requests.map((r) => r.headers.authorization).sort()).toEqual([
      'Bearer caller-one-token',
      'Bearer caller-two-token',
    ]);
  });

  it('one of two sharing requests hanging up leaves the shared call running for the other', async () => {
    const release = held();
    gateway = await startGateway(stub.url);
    const received = countReceived(gateway);
    const body = JSON.stringify({ query: `{ ${chargesOf(nino(1))} }` });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    const hangUp = new AbortController();
    const leaving = fetch(gateway.url, { method: 'POST', headers, body, signal: hangUp.signal }).catch(
      (error: unknown) => error,
    );
    await waitFor(() => stub.requests.length === 1, 'the call');
    const staying = gateway.gql(`{ ${chargesOf(nino(1))} }`);
    await waitFor(() => received() === 2, 'the second request');
    await quiet(JOIN_MARGIN_MS);
    hangUp.abort();
    await leaving;
    // Time for a (wrong) abort of the shared call to reach the stub before HMRC answers.
    await quiet();
    release.resolve();
    const answer = await staying;
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.t.taxYear.pensionCharges.submittedOn).toBe(CHARGES.submittedOn);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]!.aborted).toBeUndefined();
  });

  it('a request that starts after a write does not join a read that began before it', async () => {
    let reads = 0;
    // The first read is held in flight until the later one has been answered, whatever the machine's speed.
    const release = deferred();
    stub.reply((req) => {
      if (req.method !== 'GET') return { status: 204 };
      reads++;
      return reads === 1
        ? { status: 200, body: CHARGES, hold: release.promise }
        : { status: 200, body: CHARGES };
    });
    gateway = await startGateway(stub.url);
    const read = `{ ${chargesOf(nino(1))} }`;
    const before = gateway.gql(read);
    await waitFor(() => reads === 1, 'the first read');
    const write = await gateway.gql(
      `mutation { deletePensionCharges(nino: "${nino(1)}", taxYear: "${YEAR}") { correlationId } }`,
    );
    expect(write.body.errors).toBeUndefined();
    const after = await gateway.gql(read);
    expect(after.body.errors).toBeUndefined();
    release.resolve();
    await before;
    expect(reads).toBe(2);
  });
});
