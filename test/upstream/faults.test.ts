/**
 * How the gateway fails when HMRC does, over real HTTP against the scripted stub (which can answer 5xx, reset or
 * close the connection, cut a body short, hang, or send bodies of the wrong shape), with time injected: the
 * waits before retries are recorded rather than slept, and the breaker's clock moves only when a test moves it.
 *
 * - reads are retried after 5xx and lost connections with jittered exponential back-off, within a retry budget;
 * - writes are never retried; one whose outcome is unknown is HMRC_OUTCOME_UNKNOWN, one never sent HMRC_UNAVAILABLE;
 * - HMRC's 429 waits with the injected sleep and pauses the whole limiter;
 * - a circuit breaker per API opens after sustained failures, fails fast, half-opens after its cool-down, closes;
 * - answers without the documented shape are HMRC_UNEXPECTED_RESPONSE, and no upstream value reaches the log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import type { BreakerOptions, RetryOptions } from '../../src/hmrc/client';
import type { UpstreamLimiter } from '../../src/hmrc/rate-limiter';
import { fixedClock } from '../../src/util/clock';
import { fakeTime, fakeTimers } from '../helpers/fake-time';
import { def2Body } from '../helpers/pension-charges-fixtures';
import type { GatewayOptions, RunningGateway } from '../helpers/stack';
import { startGateway } from '../helpers/stack';
import type { Stub, StubReply, StubRequest } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { memoryLogger } from '../helpers/memory-logger';

const NINO = 'AA123456A';
const YEAR = '2023-24';
const READ = `{ taxpayer(nino: "${NINO}") { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } } } }`;
const READ_PATH = ['taxpayer', 'taxYear', 'pensionCharges'];
const READ_RELIEFS = `{ taxpayer(nino: "${NINO}") { taxYear(taxYear: "${YEAR}") { reliefs { pensions { submittedOn } } } } }`;
const PUT = `mutation($input: PensionChargesInput!) { createOrAmendPensionCharges(nino: "${NINO}", taxYear: "2024-25", input: $input) { correlationId } }`;
const DELETE = `mutation { deletePensionCharges(nino: "${NINO}", taxYear: "${YEAR}") { correlationId } }`;
const CLAIM = `mutation { createMarriageAllowance(nino: "${NINO}", input: { spouseOrCivilPartnerNino: "AA123456B", spouseOrCivilPartnerSurname: "Simpson" }) { correlationId } }`;
const WRITES: ReadonlyArray<[string, string, Record<string, unknown>, string]> = [
  ['PUT', PUT, { input: def2Body() }, 'createOrAmendPensionCharges'],
  ['DELETE', DELETE, {}, 'deletePensionCharges'],
  ['POST', CLAIM, {}, 'createMarriageAllowance'],
];

const CHARGES = { submittedOn: '2024-01-01T00:00:00.000Z' };
const FAILED_500 = { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred' };
const FAILED_503 = { code: 'SERVER_ERROR', message: 'The service is unavailable' };
const OK: StubReply = { status: 200, body: CHARGES };

const RETRY: RetryOptions = {
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  budget: { percent: 20, minRetries: 10, windowMs: 10_000 },
};
const BREAKER: BreakerOptions = { failureRatio: 0.5, windowCalls: 10, minCalls: 4, cooldownMs: 30_000 };

const OUTCOME_UNKNOWN_MESSAGE =
  'HMRC may or may not have applied this write (no reliable answer came back): read it back before sending it again';

/** Injected time (test/helpers/fake-time.ts): sleeps are recorded and end at once; `now` moves only with `advance`. */
function manualTimers(random = 0.5) {
  const time = fakeTime(1_000_000, { sleep: 'instant' });
  return { timers: fakeTimers(time, random), sleeps: time.sleeps, advance: (ms: number) => time.advance(ms) };
}

/** A limiter that admits everything and records what it was asked. */
function recordingLimiter(): UpstreamLimiter & { acquired: number; pauses: number[] } {
  const limiter = {
    acquired: 0,
    pauses: [] as number[],
    acquire() {
      limiter.acquired++;
      return Promise.resolve();
    },
    pause(ms: number) {
      limiter.pauses.push(ms);
    },
  };
  return limiter;
}

let stub: Stub;
let gateway: RunningGateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
  await stub?.close();
});

/** The stub answering with `handler` (n counts its requests from 1), and a gateway in front of it. */
async function start(
  handler: (req: StubRequest, n: number) => StubReply,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  let n = 0;
  stub = await startStub((req) => handler(req, ++n));
  gateway = await startGateway(stub.url, options);
  return gateway;
}

const methods = () => stub.requests.map((r) => r.method);

describe('retrying reads', () => {
  it.each([
    ['a 503', { status: 503, body: FAILED_503 }],
    ['a 500', { status: 500, body: FAILED_500 }],
    ['an empty 502', { status: 502 }],
    ['an empty 504', { status: 504 }],
    ['a connection reset (RST)', { status: 200, fault: 'reset' as const }],
    ['a connection closed without an answer', { status: 200, fault: 'close' as const }],
    ['a body cut short', { status: 200, fault: 'close-mid-body' as const }],
  ])('retries a GET after %s and answers from the retry', async (_case, failure: StubReply) => {
    const { timers, sleeps } = manualTimers();
    const log = memoryLogger();
    const gw = await start((_req, n) => (n === 1 ? failure : OK), {
      retry: RETRY,
      timers,
      logger: log.logger,
    });
    const { body } = await gw.gql(READ);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(CHARGES.submittedOn);
    expect(methods()).toEqual(['GET', 'GET']);
    // Full jitter: random (0.5) × base (200 ms) × 2^0.
    expect(sleeps).toEqual([100]);
    const retried = log.entries().filter((e) => e.msg === 'HMRC call failed; retrying');
    expect(retried).toEqual([expect.objectContaining({ api: 'charges', attempt: 1, delayMs: 100 })]);
    expect(log.text()).not.toContain(NINO);
  });

  it('backs off exponentially, capped, then gives up with HMRC’s own error after maxRetries', async () => {
    const { timers, sleeps } = manualTimers(0.9);
    const gw = await start(() => ({ status: 503, body: FAILED_503 }), {
      retry: { ...RETRY, maxRetries: 4, baseDelayMs: 100, maxDelayMs: 300 },
      timers,
    });
    const { body } = await gw.gql(READ);
    expect(methods()).toEqual(['GET', 'GET', 'GET', 'GET', 'GET']);
    // 0.9 × min(300, 100 × 2^n) for n = 0..3.
    expect(sleeps.map((ms) => Math.round(ms))).toEqual([90, 180, 270, 270]);
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: READ_PATH,
        extensions: {
          code: 'SERVER_ERROR',
          status: 503,
          origin: 'HMRC',
          correlationId: 'stub-correlation-id',
        },
      }),
    ]);
  });

  it('draws the jitter anew for each wait, always below its cap', async () => {
    const draws = [0, 0.999];
    const { timers, sleeps } = manualTimers();
    const gw = await start(() => ({ status: 500, body: FAILED_500 }), {
      retry: RETRY,
      timers: { ...timers, random: () => draws.shift() ?? 0.5 },
    });
    await gw.gql(READ);
    expect(sleeps[0]).toBe(0);
    expect(sleeps[1]).toBeGreaterThan(399);
    expect(sleeps[1]).toBeLessThan(400);
  });

  it.each([
    ['a 501 (not implemented)', { status: 501 }],
    ['a 400', { status: 400, body: { code: 'FORMAT_NINO', message: 'x' } }],
    ['a 403', { status: 403, body: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'x' } }],
    ['a 404 NOT_FOUND (no such API version)', { status: 404, body: { code: 'NOT_FOUND', message: 'x' } }],
  ])('does not retry %s: HMRC answered', async (_case, reply: StubReply) => {
    const { timers, sleeps } = manualTimers();
    const gw = await start(() => reply, { retry: RETRY, timers });
    const { body } = await gw.gql(READ);
    expect(body.errors).toHaveLength(1);
    expect(methods()).toEqual(['GET']);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a GET that timed out: the caller has already waited HMRC_TIMEOUT_MS', async () => {
    const { timers } = manualTimers();
    const gw = await start(() => ({ status: 200, fault: 'hang' }), { retry: RETRY, timers, timeoutMs: 200 });
    const { body } = await gw.gql(READ);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GATEWAY_TIMEOUT', status: 504, origin: 'GATEWAY' });
    expect(methods()).toEqual(['GET']);
  });

  it('retries with no configuration of retries only after 429s, as before', async () => {
    const gw = await start(() => ({ status: 503, body: FAILED_503 }));
    await gw.gql(READ);
    expect(methods()).toEqual(['GET']);
  });
});

describe('the retry budget', () => {
  it('allows minRetries in the window whatever the traffic, then no more until the window has passed', async () => {
    const { timers, advance } = manualTimers();
    const log = memoryLogger();
    const gw = await start(() => ({ status: 503, body: FAILED_503 }), {
      retry: { ...RETRY, maxRetries: 2, budget: { percent: 0, minRetries: 3, windowMs: 10_000 } },
      timers,
      logger: log.logger,
    });
    await gw.gql(READ);
    expect(stub.requests).toHaveLength(3); // 1 + 2 retries
    await gw.gql(READ);
    expect(stub.requests).toHaveLength(5); // 1 + the budget's last retry
    await gw.gql(READ);
    expect(stub.requests).toHaveLength(6); // spent: no retry at all
    const spent = log.entries().filter((e) => e.msg === 'HMRC retry budget spent; not retrying');
    expect(spent).toHaveLength(2);
    expect(spent[1]).toMatchObject({ api: 'charges', calls: 3, retries: 3 });

    await advance(9_000);
    await gw.gql(READ);
    expect(stub.requests).toHaveLength(7); // still within the window
    await advance(1_001);
    await gw.gql(READ);
    expect(stub.requests).toHaveLength(10); // the window has moved on: retries again
  });

  it('grows with traffic: retries may be `percent` of recent calls', async () => {
    const { timers } = manualTimers();
    let failing = false;
    const gw = await start(() => (failing ? { status: 503, body: FAILED_503 } : OK), {
      retry: { ...RETRY, maxRetries: 5, budget: { percent: 50, minRetries: 0, windowMs: 10_000 } },
      timers,
    });
    for (let i = 0; i < 4; i++) expect((await gw.gql(READ)).body.errors).toBeUndefined();
    failing = true;
    await gw.gql(READ);
    // Five calls in the window allow 2.5 retries: two.
    expect(stub.requests).toHaveLength(4 + 1 + 2);
    await gw.gql(READ);
    // Six calls allow three; two are spent.
    expect(stub.requests).toHaveLength(7 + 1 + 1);
  });

  it('counts 429 retries against the same budget', async () => {
    const { timers } = manualTimers();
    const gw = await start(
      () => ({
        status: 429,
        body: { code: 'MESSAGE_THROTTLED_OUT', message: 'x' },
        headers: { 'retry-after': '0' },
      }),
      {
        retry: { ...RETRY, budget: { percent: 0, minRetries: 1, windowMs: 10_000 } },
        retry429Max: 3,
        timers,
      },
    );
    await gw.gql(READ);
    expect(methods()).toEqual(['GET', 'GET']);
  });
});

describe('writes are never retried', () => {
  describe.each(WRITES)('a %s', (method, mutation, variables, field) => {
    it.each([
      ['a 500', { status: 500, body: FAILED_500 }, 'HMRC'],
      ['a 503', { status: 503, body: FAILED_503 }, 'HMRC'],
      ['an empty 502', { status: 502 }, 'HMRC'],
      ['a connection reset after sending', { status: 200, fault: 'reset' as const }, 'GATEWAY'],
      ['a connection closed after sending', { status: 200, fault: 'close' as const }, 'GATEWAY'],
    ])(
      'is sent once and reports HMRC_OUTCOME_UNKNOWN (502) after %s',
      async (_case, reply: StubReply, origin) => {
        const { timers, sleeps } = manualTimers();
        const gw = await start(() => reply, { retry: { ...RETRY, maxRetries: 5 }, retry429Max: 5, timers });
        const { body } = await gw.gql(mutation, variables);
        expect(methods()).toEqual([method]);
        expect(sleeps).toEqual([]);
        expect(body.data[field]).toBeNull();
        expect(body.errors).toEqual([
          expect.objectContaining({
            message: OUTCOME_UNKNOWN_MESSAGE,
            path: [field],
            extensions: {
              code: 'HMRC_OUTCOME_UNKNOWN',
              status: 502,
              origin,
              ...(origin === 'HMRC' ? { correlationId: 'stub-correlation-id' } : {}),
            },
          }),
        ]);
      },
    );

    it('reports a timeout as HMRC_OUTCOME_UNKNOWN, not GATEWAY_TIMEOUT', async () => {
      const gw = await start(() => ({ status: 204, fault: 'hang' }), { retry: RETRY, timeoutMs: 200 });
      const { body } = await gw.gql(mutation, variables);
      expect(methods()).toEqual([method]);
      expect(body.errors?.[0]?.extensions).toEqual({
        code: 'HMRC_OUTCOME_UNKNOWN',
        status: 502,
        origin: 'GATEWAY',
      });
    });

    it('reports success when HMRC said 2xx and then the body was cut short: it was applied', async () => {
      const gw = await start(() => ({ status: 200, fault: 'close-mid-body' }), { retry: RETRY });
      const { body } = await gw.gql(mutation, variables);
      expect(body.errors).toBeUndefined();
      expect(body.data[field].correlationId).toBe('stub-correlation-id');
      expect(methods()).toEqual([method]);
    });

    it('reports success for a 2xx whose body is not JSON: the status is the answer', async () => {
      const gw = await start(() => ({ status: 200, body: '<html>ok</html>' }));
      const { body } = await gw.gql(mutation, variables);
      expect(body.errors).toBeUndefined();
      expect(body.data[field].correlationId).toBe('stub-correlation-id');
    });
  });

  it('reports a write that could not connect as HMRC_UNAVAILABLE (not sent), not HMRC_OUTCOME_UNKNOWN', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = http.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    stub = await startStub();
    gateway = await startGateway(`http://127.0.0.1:${closedPort}`, { retry: RETRY });
    for (const [, mutation, variables, field] of WRITES) {
      const { body } = await gateway.gql(mutation, variables);
      expect(body.data[field]).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'HMRC could not be reached',
          extensions: { code: 'HMRC_UNAVAILABLE', status: 503, origin: 'GATEWAY' },
        }),
      ]);
    }
  });
});

describe("HMRC's 429", () => {
  const THROTTLED = { code: 'MESSAGE_THROTTLED_OUT', message: 'x' };

  it('waits Retry-After with the injected sleep and pauses the whole limiter for as long', async () => {
    const { timers, sleeps } = manualTimers();
    const limiter = recordingLimiter();
    const gw = await start(
      (_req, n) => (n === 1 ? { status: 429, body: THROTTLED, headers: { 'retry-after': '2' } } : OK),
      { timers, limiter },
    );
    const { body } = await gw.gql(READ);
    expect(body.errors).toBeUndefined();
    expect(sleeps).toEqual([2_000]);
    expect(limiter.pauses).toEqual([2_000]);
    expect(limiter.acquired).toBe(2);
  });

  it('without Retry-After, backs off with jitter (random × 500 ms × 2^n) and pauses the limiter 1 s each time', async () => {
    const { timers, sleeps } = manualTimers(0.5);
    const limiter = recordingLimiter();
    const gw = await start((_req, n) => (n <= 2 ? { status: 429, body: THROTTLED } : OK), {
      timers,
      limiter,
      retry429Max: 2,
    });
    expect((await gw.gql(READ)).body.errors).toBeUndefined();
    expect(sleeps).toEqual([250, 500]);
    expect(limiter.pauses).toEqual([1_000, 1_000]);
  });

  it('caps the pause at 60 s whatever Retry-After says, and does not wait out more than 10 s itself', async () => {
    const { timers, sleeps } = manualTimers();
    const limiter = recordingLimiter();
    const gw = await start(() => ({ status: 429, body: THROTTLED, headers: { 'retry-after': '3600' } }), {
      timers,
      limiter,
    });
    const { body } = await gw.gql(READ);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'MESSAGE_THROTTLED_OUT', origin: 'HMRC' });
    expect(sleeps).toEqual([]);
    expect(limiter.pauses).toEqual([60_000]);
  });

  it.each(WRITES)(
    'pauses the limiter after a %s got 429, and does not retry it',
    async (method, mutation, variables) => {
      const { timers, sleeps } = manualTimers();
      const limiter = recordingLimiter();
      const gw = await start(() => ({ status: 429, body: THROTTLED, headers: { 'retry-after': '1' } }), {
        timers,
        limiter,
        retry429Max: 3,
      });
      const { body } = await gw.gql(mutation, variables);
      expect(methods()).toEqual([method]);
      expect(sleeps).toEqual([]);
      expect(limiter.pauses).toEqual([1_000]);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'MESSAGE_THROTTLED_OUT', status: 429 });
    },
  );
});

describe('the circuit breaker', () => {
  it('opens after sustained failures, fails fast without calling or spending budget, half-opens after the cool-down, closes on success', async () => {
    const { timers, advance } = manualTimers();
    const limiter = recordingLimiter();
    const log = memoryLogger();
    let healthy = false;
    const gw = await start(() => (healthy ? OK : { status: 503, body: FAILED_503 }), {
      breaker: BREAKER,
      timers,
      limiter,
      logger: log.logger,
    });

    // minCalls (4) failures in a row: the fourth opens the circuit.
    for (let i = 0; i < 4; i++) {
      const { body } = await gw.gql(READ);
      expect(body.errors?.[0]?.extensions.code).toBe('SERVER_ERROR');
    }
    expect(stub.requests).toHaveLength(4);
    expect(log.entries().filter((e) => e.msg === 'HMRC circuit opened: failing fast')).toEqual([
      expect.objectContaining({ api: 'charges', cooldownMs: 30_000, level: 50 }),
    ]);

    // Open: nothing is sent and no budget is spent, for reads and writes alike.
    const acquired = limiter.acquired;
    for (let i = 0; i < 5; i++) {
      const { body } = await gw.gql(READ);
      expect(body.errors).toEqual([
        expect.objectContaining({
          path: READ_PATH,
          message:
            'HMRC is failing; the gateway is holding calls to this HMRC API for a moment and sent nothing',
          extensions: { code: 'HMRC_UNAVAILABLE', status: 503, origin: 'GATEWAY' },
        }),
      ]);
    }
    const write = await gw.gql(DELETE);
    expect(write.body.errors?.[0]?.extensions).toEqual({
      code: 'HMRC_UNAVAILABLE',
      status: 503,
      origin: 'GATEWAY',
    });
    expect(stub.requests).toHaveLength(4);
    expect(limiter.acquired).toBe(acquired);

    // Just before the cool-down ends: still open.
    await advance(29_999);
    await gw.gql(READ);
    expect(stub.requests).toHaveLength(4);

    // Cool-down over: one probe goes; HMRC still fails, so the circuit opens again for another cool-down.
    await advance(1);
    expect((await gw.gql(READ)).body.errors?.[0]?.extensions.code).toBe('SERVER_ERROR');
    expect(stub.requests).toHaveLength(5);
    expect((await gw.gql(READ)).body.errors?.[0]?.extensions.code).toBe('HMRC_UNAVAILABLE');
    expect(stub.requests).toHaveLength(5);

    // HMRC recovers; after the next cool-down the probe succeeds and the circuit closes.
    healthy = true;
    await advance(30_000);
    expect((await gw.gql(READ)).body.errors).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await gw.gql(READ)).body.errors).toBeUndefined();
    expect(stub.requests).toHaveLength(9);
    const states = log
      .entries()
      .map((e) => e.msg as string)
      .filter((m) => m.startsWith('HMRC circuit') && m !== 'HMRC circuit open; call not sent');
    expect(states).toEqual([
      'HMRC circuit opened: failing fast',
      'HMRC circuit half-open: probing',
      'HMRC circuit opened: failing fast',
      'HMRC circuit half-open: probing',
      'HMRC circuit closed',
    ]);
  });

  it('keeps one circuit per HMRC API: a failing Charges API does not stop Reliefs', async () => {
    const { timers } = manualTimers();
    const gw = await start(
      (req) =>
        req.url.startsWith('/individuals/charges/')
          ? { status: 500, body: FAILED_500 }
          : { status: 200, body: { submittedOn: '2024-01-01T00:00:00Z', pensionReliefs: {} } },
      { breaker: BREAKER, timers },
    );
    for (let i = 0; i < 4; i++) await gw.gql(READ);
    expect((await gw.gql(READ)).body.errors?.[0]?.extensions.code).toBe('HMRC_UNAVAILABLE');
    const reliefs = await gw.gql(READ_RELIEFS);
    expect(reliefs.body.errors).toBeUndefined();
    expect(stub.requests.filter((r) => r.url.startsWith('/individuals/reliefs/'))).toHaveLength(1);
  });

  it('counts timeouts and lost connections as failures', async () => {
    const { timers } = manualTimers();
    const faults: StubReply[] = [
      { status: 200, fault: 'reset' },
      { status: 200, fault: 'hang' },
      { status: 200, fault: 'close' },
      { status: 504 },
    ];
    const gw = await start((_req, n) => faults[n - 1] ?? OK, { breaker: BREAKER, timers, timeoutMs: 200 });
    for (let i = 0; i < 4; i++) await gw.gql(READ);
    expect((await gw.gql(READ)).body.errors?.[0]?.extensions.code).toBe('HMRC_UNAVAILABLE');
    expect(stub.requests).toHaveLength(4);
  });

  it('never opens on HMRC’s 4xx or 429 answers: HMRC is up and answering', async () => {
    const { timers } = manualTimers();
    const replies: StubReply[] = [
      { status: 403, body: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'x' } },
      { status: 400, body: { code: 'FORMAT_NINO', message: 'x' } },
      { status: 429, body: { code: 'MESSAGE_THROTTLED_OUT', message: 'x' } },
      { status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'x' } },
    ];
    const gw = await start((_req, n) => replies[(n - 1) % replies.length]!, {
      breaker: BREAKER,
      timers,
      retry429Max: 0,
    });
    for (let i = 0; i < 12; i++) await gw.gql(READ);
    expect(stub.requests).toHaveLength(12);
  });

  it('does not open while failures are no more than the failure ratio of the window', async () => {
    const { timers } = manualTimers();
    // Alternating: half of the calls fail, which is not "more than 50 %".
    const gw = await start((_req, n) => (n % 2 === 0 ? { status: 503, body: FAILED_503 } : OK), {
      breaker: BREAKER,
      timers,
    });
    for (let i = 0; i < 12; i++) await gw.gql(READ);
    expect(stub.requests).toHaveLength(12);
  });

  it('with retries, a failing HMRC sees a bounded number of calls however many requests arrive', async () => {
    const { timers } = manualTimers();
    const gw = await start(() => ({ status: 503, body: FAILED_503 }), {
      breaker: BREAKER,
      retry: RETRY,
      timers,
    });
    const results = [];
    for (let i = 0; i < 40; i++) results.push(await gw.gql(READ));
    // The first request and its two retries, then one more call opens the circuit; the rest fail fast.
    expect(stub.requests).toHaveLength(4);
    expect(results.filter((r) => r.body.errors?.[0]?.extensions.code === 'HMRC_UNAVAILABLE')).toHaveLength(
      38,
    );
  });
});

describe('with the production defaults', () => {
  it('40 requests against a failing HMRC make 5 calls, not 40', async () => {
    const { hmrc } = loadConfig({});
    const { timers } = manualTimers();
    const gw = await start(() => ({ status: 503, body: FAILED_503 }), {
      retry: hmrc.retry,
      breaker: hmrc.breaker!,
      retry429Max: hmrc.retry429Max,
      timers,
    });
    for (let i = 0; i < 40; i++) await gw.gql(READ);
    // The first request and its two retries; the second and one retry (the budget's third), which opens it.
    expect(stub.requests).toHaveLength(5);
  });
});

describe('answers without the documented shape', () => {
  const UNEXPECTED = {
    message: 'HMRC answered with data that does not have the shape its API documents',
    path: READ_PATH,
    extensions: {
      code: 'HMRC_UNEXPECTED_RESPONSE',
      status: 502,
      origin: 'HMRC',
      correlationId: 'stub-correlation-id',
    },
  };

  it.each([
    ['an empty 200', { status: 200 }],
    ['a 204', { status: 204 }],
    ['a JSON null', { status: 200, body: 'null' }],
    ['a JSON array', { status: 200, body: '[]' }],
    ['a JSON string', { status: 200, body: '"ok"' }],
    ['an object without submittedOn', { status: 200, body: { pensionContributions: undefined } }],
  ])(
    'reports %s on a read as HMRC_UNEXPECTED_RESPONSE, not as "no data"',
    async (_case, reply: StubReply) => {
      const gw = await start(() => reply);
      const { body } = await gw.gql(READ);
      expect(body.data).toEqual({ taxpayer: { taxYear: { pensionCharges: null } } });
      expect(body.errors).toEqual([expect.objectContaining(UNEXPECTED)]);
    },
  );

  it('refuses a string where HMRC sends a number, rather than coercing it, and logs where without the value', async () => {
    const log = memoryLogger();
    const gw = await start(
      () => ({
        status: 200,
        body: {
          submittedOn: '2024-01-01T00:00:00.000Z',
          pensionContributions: {
            pensionSchemeTaxReference: ['00123456RA'],
            inExcessOfTheAnnualAllowance: '31415.92',
            annualAllowanceTaxPaid: 1,
          },
        },
      }),
      { logger: log.logger },
    );
    const { body } = await gw.gql(
      `{ taxpayer(nino: "${NINO}") { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn pensionContributions { inExcessOfTheAnnualAllowance } } } } }`,
    );
    expect(body.errors).toEqual([expect.objectContaining(UNEXPECTED)]);
    expect(JSON.stringify(body)).not.toContain('31415');
    const logged = log
      .entries()
      .filter((e) => e.msg === 'HMRC sent a success response without the documented shape');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        api: 'charges',
        correlationId: 'stub-correlation-id',
        problems: [
          {
            code: 'invalid_type',
            path: '/pensionContributions/inExcessOfTheAnnualAllowance',
            expected: 'number',
          },
        ],
      }),
    ]);
    expect(log.text()).not.toContain('31415');
    expect(log.text()).not.toContain(NINO);
  });

  it('keeps no malformed answer: the next request asks HMRC again', async () => {
    const gw = await start((_req, n) => (n === 1 ? { status: 200, body: { submittedOn: 7 } } : OK), {
      cache: { ttlMs: 60_000 },
    });
    expect((await gw.gql(READ)).body.errors?.[0]?.extensions.code).toBe('HMRC_UNEXPECTED_RESPONSE');
    expect((await gw.gql(READ)).body.errors).toBeUndefined();
    expect((await gw.gql(READ)).body.errors).toBeUndefined();
    expect(stub.requests).toHaveLength(2);
  });

  it('accepts fields HMRC adds later, and does not pass them on', async () => {
    const gw = await start(() => ({ status: 200, body: { ...CHARGES, someNewHmrcField: { x: 1 } } }));
    const { body } = await gw.gql(READ);
    expect(body.errors).toBeUndefined();
    expect(body.data.taxpayer.taxYear.pensionCharges).toEqual({ submittedOn: CHARGES.submittedOn });
  });

  it('is not retried and does not open the breaker: HMRC answered', async () => {
    const { timers, sleeps } = manualTimers();
    const gw = await start(() => ({ status: 200, body: 'not json' }), {
      retry: RETRY,
      breaker: BREAKER,
      timers,
    });
    for (let i = 0; i < 8; i++) {
      expect((await gw.gql(READ)).body.errors?.[0]?.extensions.code).toBe('HMRC_UNEXPECTED_RESPONSE');
    }
    expect(stub.requests).toHaveLength(8);
    expect(sleeps).toEqual([]);
  });

  describe('the Self Assessment account and the summary read one checked answer', () => {
    const UTR = '1234567890';
    const account = (chargeAmount: unknown) => ({
      balanceDetails: {
        totalOverdueBalance: 0,
        totalPayableBalance: 500,
        totalPendingBalance: 0,
        totalBalance: 500,
        totalCreditAvailable: 0,
      },
      chargeDetails: [
        {
          chargeId: 'C1',
          creationDate: '2025-01-10',
          chargeType: 'ITSA',
          chargeAmount,
          outstandingAmount: 500,
          taxYear: '2024-2025',
          dueDate: '2026-01-31',
        },
      ],
    });
    const QUERY = `{ taxpayer(nino: "${NINO}", utr: "${UTR}") {
      selfAssessmentAccount { chargeDetails { chargeAmount } }
      taxYear(taxYear: "2024-25") { summary { selfAssessment { charged } } }
    } }`;

    it('answers both from a well-formed account, and they agree', async () => {
      const gw = await start(
        (req) =>
          req.url.startsWith('/individuals/self-assessment/')
            ? { status: 200, body: account(500) }
            : { status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'x' } },
        { clock: fixedClock('2025-06-01T12:00:00Z') },
      );
      const { body } = await gw.gql(QUERY);
      expect(body.errors).toBeUndefined();
      expect(body.data.taxpayer.selfAssessmentAccount.chargeDetails).toEqual([{ chargeAmount: 500 }]);
      expect(body.data.taxpayer.taxYear.summary.selfAssessment.charged).toBe(500);
    });

    it.each([
      ['a string amount', '500'],
      ['a null amount', null],
    ])(
      'fails both with HMRC_UNEXPECTED_RESPONSE for %s, rather than one adding it up and one refusing it',
      async (_case, value) => {
        const gw = await start(
          (req) =>
            req.url.startsWith('/individuals/self-assessment/')
              ? { status: 200, body: account(value) }
              : { status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'x' } },
          { clock: fixedClock('2025-06-01T12:00:00Z') },
        );
        const { body } = await gw.gql(QUERY);
        expect(body.data.taxpayer.selfAssessmentAccount).toBeNull();
        expect(body.data.taxpayer.taxYear.summary.selfAssessment).toBeNull();
        const codes = (body.errors ?? []).map((e): [string | undefined, string] => [
          e.path?.join('.'),
          String(e.extensions.code),
        ]);
        expect(codes).toEqual(
          expect.arrayContaining([
            ['taxpayer.selfAssessmentAccount', 'HMRC_UNEXPECTED_RESPONSE'],
            ['taxpayer.taxYear.summary.selfAssessment', 'HMRC_UNEXPECTED_RESPONSE'],
          ]),
        );
        expect(stub.requests.filter((r) => r.url.startsWith('/individuals/self-assessment/'))).toHaveLength(
          1,
        );
      },
    );

    it('refuses a due date that is not a date, since charge status is computed from it', async () => {
      const malformed = account(500);
      malformed.chargeDetails[0]!.dueDate = '31/01/2026';
      const gw = await start(
        (req) =>
          req.url.startsWith('/individuals/self-assessment/')
            ? { status: 200, body: malformed }
            : { status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'x' } },
        { clock: fixedClock('2025-06-01T12:00:00Z') },
      );
      const { body } = await gw.gql(QUERY);
      expect(body.data.taxpayer.selfAssessmentAccount).toBeNull();
      expect(body.errors?.[0]?.extensions.code).toBe('HMRC_UNEXPECTED_RESPONSE');
    });
  });
});
