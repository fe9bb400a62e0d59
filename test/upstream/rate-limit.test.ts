/**
 * The memory rate limiter, HMRC's 429 and per-request concurrency, observed at a stub upstream over real HTTP:
 *
 * - the limiter (on fake time; its own tests are in limiter.test.ts) paces the calls of concurrent requests one
 *   slot apart, and fails what cannot be served within `maxWaitMs` with MESSAGE_THROTTLED_OUT (GATEWAY);
 * - a GET answered 429 is tried again after Retry-After (seconds or an HTTP date), else after an exponential delay
 *   with full jitter, at most `retry429Max` times, then fails with HMRC's MESSAGE_THROTTLED_OUT; writes never are;
 * - one GraphQL request has at most `maxConcurrencyPerRequest` calls in flight.
 */
import type { UpstreamLimiter } from '../../src/hmrc/rate-limiter';
import { createRateLimiter } from '../../src/hmrc/rate-limiter';
import { fakeTime, fakeTimers } from '../helpers/fake-time';
import { def2Body } from '../helpers/pension-charges-fixtures';
import type { RunningGateway } from '../helpers/stack';
import { startGateway } from '../helpers/stack';
import type { Stub, StubReply, StubRequest } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { memoryLogger } from '../helpers/memory-logger';
import { deferred, quiet, waitFor } from '../helpers/wait';

const NINO = 'AA123456A';
const YEAR = '2023-24';
const THROTTLED = {
  code: 'MESSAGE_THROTTLED_OUT',
  message: 'The request for the API is throttled as you have exceeded your quota.',
};
const NO_DATA = { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' };
const CHARGES = {
  submittedOn: '2024-01-01T00:00:00.000Z',
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA'],
    inExcessOfTheAnnualAllowance: 1,
    annualAllowanceTaxPaid: 1,
  },
};

/** Six resources of one year: the five reliefs and pension charges. */
const SIX_FIELDS = `
  pensionCharges { submittedOn }
  reliefs {
    investments { submittedOn }
    other { submittedOn }
    foreign { submittedOn }
    pensions { submittedOn }
    charitableGiving { gifts { landAndBuildings } }
  }
`;
const yearQuery = (years: readonly string[], fields = SIX_FIELDS) => /* GraphQL */ `
  query { taxpayer(nino: "${NINO}") { ${years.map((y, i) => `y${i}: taxYear(taxYear: "${y}") { ${fields} }`).join('\n')} } }
`;
const READ_CHARGES = yearQuery([YEAR], 'pensionCharges { submittedOn }');

/** A stub that stamps each request's arrival (monotonic and wall clock) before the test's handler answers it. */
async function timingStub(handler: (req: StubRequest, n: number) => StubReply) {
  const arrivals: Array<{ at: number; wall: number; method: string; url: string }> = [];
  const stub = await startStub((req) => {
    arrivals.push({ at: performance.now(), wall: Date.now(), method: req.method, url: req.url });
    return handler(req, arrivals.length);
  });
  return { stub, arrivals };
}

/**
 * The most arrivals in any window of `windowMs`, windows anchored on each arrival: for sorted times, the largest
 * k with t[i + k - 1] - t[i] < windowMs.
 */
function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! - sorted[i]! < windowMs && j < sorted.length) j++;
    most = Math.max(most, j - i);
    if (j >= sorted.length && j - i <= most) break;
  }
  return most;
}

describe('mostInAnyWindow (the measure used below)', () => {
  it('counts arrivals within any window anchored on an arrival', () => {
    expect(mostInAnyWindow([], 1000)).toBe(0);
    expect(mostInAnyWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(mostInAnyWindow([0, 999, 1998], 1000)).toBe(2);
    expect(mostInAnyWindow([0, 1, 2, 1001, 1002, 1003], 1000)).toBe(3);
    expect(mostInAnyWindow([0, 1, 2, 999.5], 1000)).toBe(4);
    expect(mostInAnyWindow([5, 0, 3, 2], 1000)).toBe(4);
  });
});

/**
 * The limiter built for the test on fake time, recording the fake instant of every admission and counting the calls
 * that asked it for a slot (a test moves the clock only once every call it expects is queued: otherwise how far
 * the clock had moved by the time the gateway asked would depend on how fast the machine parsed the request).
 */
function timedLimiter(options: { requestsPerSecond: number; maxWaitMs: number }) {
  const time = fakeTime();
  const inner = createRateLimiter({ ...options, logger: memoryLogger().logger, time });
  const admitted: number[] = [];
  let asked = 0;
  const limiter: UpstreamLimiter = {
    acquire: async (acquireOptions) => {
      asked++;
      await inner.acquire(acquireOptions);
      admitted.push(time.now());
    },
    pause: (ms) => inner.pause(ms),
  };
  return { time, limiter, admitted, asked: () => asked };
}

describe('the limiter through the gateway, on fake time', () => {
  it('holds 3 per second: 12 calls of two concurrent requests, one slot every 366.7 ms, none refused', async () => {
    const { stub, arrivals } = await timingStub(() => ({ status: 404, body: NO_DATA }));
    const { time, limiter, admitted, asked } = timedLimiter({ requestsPerSecond: 3, maxWaitMs: 20_000 });
    const gateway = await startGateway(stub.url, { limiter, maxConcurrencyPerRequest: 16 });
    try {
      // 12 calls from two concurrent requests (six resources each), all asked for at once.
      const responses = Promise.all([
        gateway.gql(yearQuery(['2022-23'])),
        gateway.gql(yearQuery(['2023-24'])),
      ]);
      await waitFor(() => asked() === 12, 'all 12 calls to ask for a slot');
      for (let step = 0; admitted.length < 12 && step < 1_000; step++) await time.advance(20);
      for (const r of await responses) expect(r.body.errors).toBeUndefined();
      expect(arrivals).toHaveLength(12);
      expect(admitted).toHaveLength(12);
      const interval = 1100 / 3;
      for (let i = 1; i < admitted.length; i++) {
        expect(admitted[i]! - admitted[i - 1]!).toBeGreaterThanOrEqual(interval - 1e-6);
      }
      expect(mostInAnyWindow(admitted, 1_000)).toBe(3);
      // Not slower than the budget either: each slot is taken within one 20 ms step of becoming due.
      expect(admitted[11]!).toBeLessThanOrEqual(11 * interval + 11 * 20);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });

  it('with a small maxWaitMs, the calls beyond the budget fail at once with MESSAGE_THROTTLED_OUT and the rest succeed', async () => {
    const { stub, arrivals } = await timingStub((req) =>
      req.url.includes('/charges/') ? { status: 200, body: CHARGES } : { status: 404, body: NO_DATA },
    );
    // The clock never moves: only the idle slot can be had, the next is 367 ms away, beyond the 200 ms allowed.
    const { limiter } = timedLimiter({ requestsPerSecond: 3, maxWaitMs: 200 });
    const gateway = await startGateway(stub.url, { limiter, maxConcurrencyPerRequest: 16 });
    try {
      const response = await gateway.gql(yearQuery([YEAR]));
      expect(response.status).toBe(200);
      expect(arrivals).toHaveLength(1);
      const errors = response.body.errors ?? [];
      expect(errors).toHaveLength(5);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({
          code: 'MESSAGE_THROTTLED_OUT',
          status: 429,
          origin: 'GATEWAY',
        });
        expect(error.message).toMatch(/3 per second/);
      }
      // Exactly the fields whose calls were refused are null; the others carry HMRC's answers.
      const year = response.body.data.taxpayer.y0;
      const refused = new Set(errors.map((e) => e.path!.slice(2).join('.')));
      const fields: Record<string, unknown> = {
        pensionCharges: year.pensionCharges,
        'reliefs.investments': year.reliefs.investments,
        'reliefs.other': year.reliefs.other,
        'reliefs.foreign': year.reliefs.foreign,
        'reliefs.pensions': year.reliefs.pensions,
        'reliefs.charitableGiving': year.reliefs.charitableGiving,
      };
      expect([...refused].every((path) => path in fields)).toBe(true);
      for (const [path, value] of Object.entries(fields)) if (refused.has(path)) expect(value).toBeNull();
      const servedCharges = arrivals.some((a) => a.url.includes('/charges/'));
      if (servedCharges) expect(year.pensionCharges.submittedOn).toBe(CHARGES.submittedOn);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });
});

describe("HMRC's 429", () => {
  let gateway: RunningGateway | undefined;
  let stub: Stub | undefined;
  afterEach(async () => {
    await gateway?.stop();
    await stub?.close();
    gateway = undefined;
    stub = undefined;
    jest.restoreAllMocks();
  });

  async function start(
    handler: (req: StubRequest, n: number) => StubReply,
    options: Parameters<typeof startGateway>[1] = {},
  ) {
    const timing = await timingStub(handler);
    stub = timing.stub;
    gateway = await startGateway(timing.stub.url, options);
    return { gateway, arrivals: timing.arrivals };
  }

  /**
   * The client's back-off on fake time (test/helpers/fake-time.ts): a retry can only follow once the test has moved
   * the clock past the wait it asked for, so the waits below are exact whatever the machine's speed.
   */
  function backOffTime(random = 0.5) {
    const time = fakeTime();
    /** Wall-clock instant (ms) of each sleep asked for: the HTTP-date waits are computed against `Date.now()`. */
    const askedAt: number[] = [];
    const timers = {
      ...fakeTimers(time, random),
      sleep: (ms: number) => {
        askedAt.push(Date.now());
        return time.sleep(ms);
      },
    };
    return { time, timers, askedAt };
  }

  /** Waits until the client sleeps its back-off, checks it cannot retry a millisecond early, then lets it. */
  async function retryOnlyAfter(
    time: ReturnType<typeof fakeTime>,
    arrivals: readonly unknown[],
    waitMs: number,
  ): Promise<void> {
    await waitFor(() => time.sleeping === 1, 'the client to sleep its back-off');
    expect(arrivals).toHaveLength(1);
    if (waitMs >= 1) {
      await time.advance(waitMs - 1);
      expect(time.sleeping).toBe(1);
      expect(arrivals).toHaveLength(1);
    }
    // The retry may be on its way (or answered) by the time this returns: only what follows asserts on it.
    await time.advance(1);
  }

  it('retries a GET after Retry-After given in seconds', async () => {
    const log = memoryLogger();
    const { time, timers } = backOffTime();
    const { gateway, arrivals } = await start(
      (_req, n) =>
        n === 1
          ? { status: 429, body: THROTTLED, headers: { 'retry-after': '1' } }
          : { status: 200, body: CHARGES },
      { logger: log.logger, timers },
    );
    const pending = gateway.gql(READ_CHARGES);
    await retryOnlyAfter(time, arrivals, 1_000);
    const response = await pending;
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.taxpayer.y0.pensionCharges.submittedOn).toBe(CHARGES.submittedOn);
    expect(arrivals.map((a) => a.method)).toEqual(['GET', 'GET']);
    expect(time.sleeps).toEqual([1_000]);
    const retried = log.entries().filter((e) => e.msg === 'HMRC throttled the call (429); retrying');
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ attempt: 1, delayMs: 1000 });
    expect(JSON.stringify(retried[0])).not.toContain(NINO);
  });

  it('retries a GET after Retry-After given as an HTTP date, not before that date', async () => {
    const { time, timers, askedAt } = backOffTime();
    let retryAt = 0;
    let answeredAt = 0;
    const { gateway, arrivals } = await start(
      (_req, n) => {
        if (n > 1) return { status: 200, body: CHARGES };
        // HTTP dates have whole seconds: the next second but one, so the wait is between 1 and 2 s.
        answeredAt = Date.now();
        retryAt = (Math.floor(answeredAt / 1000) + 2) * 1000;
        return { status: 429, body: THROTTLED, headers: { 'retry-after': new Date(retryAt).toUTCString() } };
      },
      { timers },
    );
    const pending = gateway.gql(READ_CHARGES);
    await waitFor(() => time.sleeping === 1, 'the client to sleep its back-off');
    // The wait is the time left until the date, counted from when the client read it (between HMRC's answer and
    // the sleep): the retry is due no earlier than the date, and no later.
    const [waited] = time.sleeps as [number];
    expect(askedAt[0]! + waited).toBeGreaterThanOrEqual(retryAt);
    expect(answeredAt + waited).toBeLessThanOrEqual(retryAt);
    await retryOnlyAfter(time, arrivals, waited);
    expect((await pending).body.errors).toBeUndefined();
    expect(arrivals).toHaveLength(2);
  });

  it.each([
    [
      'RFC 850',
      // Sunday, 06-Nov-94 08:49:37 GMT
      (d: Date) =>
        d
          .toUTCString()
          .replace(
            /^(\w{3}), (\d{2}) (\w{3}) \d{2}(\d{2})/,
            (_m, day: string, dd: string, mon: string, yy: string) => {
              const names: Record<string, string> = {
                Sun: 'Sunday',
                Mon: 'Monday',
                Tue: 'Tuesday',
                Wed: 'Wednesday',
                Thu: 'Thursday',
                Fri: 'Friday',
                Sat: 'Saturday',
              };
              return `${names[day]!}, ${dd}-${mon}-${yy}`;
            },
          ),
    ],
    [
      'asctime',
      // Sun Nov 06 08:49:37 1994
      (d: Date) =>
        d.toUTCString().replace(/^(\w{3}), (\d{2}) (\w{3}) (\d{4}) ([\d:]{8}) GMT$/, '$1 $3 $2 $5 $4'),
    ],
  ])('understands the obsolete %s date form too', async (_form, format) => {
    const { time, timers, askedAt } = backOffTime();
    let retryAt = 0;
    let answeredAt = 0;
    const { gateway, arrivals } = await start(
      (_req, n) => {
        if (n > 1) return { status: 200, body: CHARGES };
        // Two seconds ahead, so that the date is still ahead when the client reads it on a busy machine.
        answeredAt = Date.now();
        retryAt = (Math.floor(answeredAt / 1000) + 2) * 1000;
        const header = format(new Date(retryAt));
        expect(header).not.toBe(new Date(retryAt).toUTCString());
        expect(Date.parse(header)).toBe(retryAt);
        return { status: 429, body: THROTTLED, headers: { 'retry-after': header } };
      },
      { timers },
    );
    const pending = gateway.gql(READ_CHARGES);
    await waitFor(() => time.sleeping === 1, 'the client to sleep its back-off');
    const [waited] = time.sleeps as [number];
    // Read as that date (not as "no Retry-After", which would back off 250 ms): due exactly at the date.
    expect(askedAt[0]! + waited).toBeGreaterThanOrEqual(retryAt);
    expect(answeredAt + waited).toBeLessThanOrEqual(retryAt);
    await retryOnlyAfter(time, arrivals, waited);
    expect((await pending).body.errors).toBeUndefined();
    expect(arrivals).toHaveLength(2);
  });

  it.each(['1.5', '-1', 'soon', '2025-01-01'])(
    'takes a malformed Retry-After (%s) for none, and backs off exponentially instead of retrying at once',
    async (value) => {
      const { time, timers } = backOffTime(0.5);
      const { gateway, arrivals } = await start(
        (_req, n) =>
          n === 1
            ? { status: 429, body: THROTTLED, headers: { 'retry-after': value } }
            : { status: 200, body: CHARGES },
        { timers },
      );
      const pending = gateway.gql(READ_CHARGES);
      await retryOnlyAfter(time, arrivals, 250);
      expect((await pending).body.errors).toBeUndefined();
      expect(arrivals).toHaveLength(2);
      expect(time.sleeps).toEqual([250]);
    },
  );

  it('retries an HTTP date already past at once', async () => {
    const { time, timers } = backOffTime();
    const { gateway, arrivals } = await start(
      (_req, n) =>
        n === 1
          ? {
              status: 429,
              body: THROTTLED,
              headers: { 'retry-after': new Date(Date.now() - 60_000).toUTCString() },
            }
          : { status: 200, body: CHARGES },
      { timers },
    );
    const pending = gateway.gql(READ_CHARGES);
    await retryOnlyAfter(time, arrivals, 0);
    expect((await pending).body.errors).toBeUndefined();
    expect(arrivals).toHaveLength(2);
    expect(time.sleeps).toEqual([0]);
  });

  it('without Retry-After, backs off exponentially with full jitter (random × 500 ms × 2^attempt)', async () => {
    // Full jitter draws the delay uniformly from [0, cap): pinned at the middle here to see the caps.
    const { time, timers } = backOffTime(0.5);
    const { gateway, arrivals } = await start(
      (_req, n) => (n <= 2 ? { status: 429, body: THROTTLED } : { status: 200, body: CHARGES }),
      { retry429Max: 2, timers },
    );
    const pending = gateway.gql(READ_CHARGES);
    await retryOnlyAfter(time, arrivals, 250);
    await waitFor(() => time.sleeping === 1, 'the second back-off');
    expect(arrivals).toHaveLength(2);
    await time.advance(499);
    expect(time.sleeping).toBe(1);
    await time.advance(1);
    const response = await pending;
    expect(response.body.errors).toBeUndefined();
    expect(arrivals).toHaveLength(3);
    expect(time.sleeps).toEqual([250, 500]);
  });

  it('without Retry-After, the delays stay under their caps whatever the jitter draws', async () => {
    const time = fakeTime(0, { sleep: 'instant' });
    const { gateway, arrivals } = await start(() => ({ status: 429, body: THROTTLED }), {
      retry429Max: 2,
      // The real draw, so that the caps are checked on what the jitter actually produces.
      timers: { ...fakeTimers(time), random: Math.random },
    });
    const response = await gateway.gql(READ_CHARGES);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'MESSAGE_THROTTLED_OUT',
      origin: 'HMRC',
    });
    expect(arrivals).toHaveLength(3);
    expect(time.sleeps).toHaveLength(2);
    const [first, second] = time.sleeps as [number, number];
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(500);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(second).toBeLessThan(1_000);
  });

  it.each([0, 1, 3])(
    'gives up after retry429Max (%i) retries with MESSAGE_THROTTLED_OUT (429, HMRC)',
    async (retry429Max) => {
      const { gateway, arrivals } = await start(
        () => ({
          status: 429,
          body: THROTTLED,
          headers: { 'retry-after': '0', 'x-correlationid': 'corr-429' },
        }),
        { retry429Max },
      );
      const response = await gateway.gql(READ_CHARGES);
      expect(arrivals).toHaveLength(retry429Max + 1);
      expect(response.body.data.taxpayer.y0.pensionCharges).toBeNull();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors![0]).toMatchObject({
        message: THROTTLED.message,
        path: ['taxpayer', 'y0', 'pensionCharges'],
        extensions: { code: 'MESSAGE_THROTTLED_OUT', status: 429, origin: 'HMRC', correlationId: 'corr-429' },
      });
    },
  );

  it('does not wait out a Retry-After longer than 10 s: the field fails at once', async () => {
    const time = fakeTime(0, { sleep: 'instant' });
    const { gateway, arrivals } = await start(
      () => ({
        status: 429,
        body: THROTTLED,
        headers: { 'retry-after': '120' },
      }),
      { timers: fakeTimers(time) },
    );
    const response = await gateway.gql(READ_CHARGES);
    // No wait at all was asked for (a sleep would be recorded, however short the machine made it).
    expect(time.sleeps).toEqual([]);
    expect(arrivals).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'MESSAGE_THROTTLED_OUT',
      origin: 'HMRC',
    });
  });

  it('sends every retry through the rate limit again', async () => {
    // The budget on fake time: the retry's slot is exactly one interval after the first call's.
    const { time, limiter, admitted } = timedLimiter({ requestsPerSecond: 1, maxWaitMs: 5_000 });
    const { gateway, arrivals } = await start(
      (_req, n) =>
        n === 1
          ? { status: 429, body: THROTTLED, headers: { 'retry-after': '0' } }
          : { status: 200, body: CHARGES },
      { limiter },
    );
    const pending = gateway.gql(READ_CHARGES);
    // The retry waits for the budget (Retry-After 0 asked for no wait of its own).
    await waitFor(() => time.sleeping === 1, 'the retry to wait for its slot');
    expect(arrivals).toHaveLength(1);
    await time.advance(1_099);
    expect(admitted).toHaveLength(1);
    await time.advance(1);
    expect((await pending).body.errors).toBeUndefined();
    expect(arrivals).toHaveLength(2);
    // The budget of 1 per second (plus margin) still applies: one slot every 1100 ms.
    expect(admitted).toEqual([0, 1_100]);
  });

  it.each([
    [
      'PUT',
      `mutation($input: PensionChargesInput!) { createOrAmendPensionCharges(nino: "${NINO}", taxYear: "${YEAR}", input: $input) { correlationId } }`,
      { input: def2Body() },
      'createOrAmendPensionCharges',
    ],
    [
      'DELETE',
      `mutation { deletePensionCharges(nino: "${NINO}", taxYear: "${YEAR}") { correlationId } }`,
      {},
      'deletePensionCharges',
    ],
    [
      'POST',
      `mutation { createMarriageAllowance(nino: "${NINO}", input: { spouseOrCivilPartnerNino: "AA123456B", spouseOrCivilPartnerSurname: "Simpson" }) { correlationId } }`,
      {},
      'createMarriageAllowance',
    ],
  ])('never retries a %s, whatever Retry-After says', async (method, mutation, variables, field) => {
    const { gateway, arrivals } = await start(
      () => ({ status: 429, body: THROTTLED, headers: { 'retry-after': '0' } }),
      {
        retry429Max: 3,
      },
    );
    const response = await gateway.gql(mutation, variables);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(arrivals.map((a) => a.method)).toEqual([method]);
    expect(response.body.data[field]).toBeNull();
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'MESSAGE_THROTTLED_OUT',
      status: 429,
      origin: 'HMRC',
    });
  });
});

describe('per-request concurrency', () => {
  /**
   * An upstream that holds every answer until the test releases it, and counts the calls it holds at once: what is
   * in flight is decided by the test, not by how fast a slow answer happens to be on this machine.
   */
  async function heldStub() {
    const held: Array<() => void> = [];
    let most = 0;
    const stub = await startStub(() => {
      const answer = deferred();
      held.push(() => answer.resolve());
      most = Math.max(most, held.length);
      return { status: 404, body: NO_DATA, hold: answer.promise };
    });
    return { stub, most: () => most, release: () => held.splice(0).forEach((release) => release()) };
  }

  /**
   * For each cumulative count: waits for that many calls, gives a call beyond the bound time to show up (none may),
   * then answers every call held so far.
   */
  async function inRounds(held: Awaited<ReturnType<typeof heldStub>>, counts: readonly number[]) {
    for (const count of counts) {
      await waitFor(() => held.stub.requests.length >= count, `${count} calls`);
      await quiet();
      expect(held.stub.requests).toHaveLength(count);
      held.release();
    }
  }

  it('has at most maxConcurrencyPerRequest (2) calls in flight for a query needing 6 resources', async () => {
    const held = await heldStub();
    const gateway = await startGateway(held.stub.url, { maxConcurrencyPerRequest: 2 });
    try {
      const pending = gateway.gql(yearQuery([YEAR]));
      // Three rounds of two: the next two are sent only once the first two are answered.
      await inRounds(held, [2, 4, 6]);
      const response = await pending;
      expect(response.body.errors).toBeUndefined();
      expect(held.stub.requests).toHaveLength(6);
      expect(held.most()).toBe(2);
    } finally {
      await gateway.stop();
      await held.stub.close();
    }
  });

  it('bounds each request on its own: two requests have up to 2 each in flight', async () => {
    const held = await heldStub();
    const gateway = await startGateway(held.stub.url, { maxConcurrencyPerRequest: 2 });
    try {
      const pending = Promise.all([gateway.gql(yearQuery(['2022-23'])), gateway.gql(yearQuery(['2023-24']))]);
      await inRounds(held, [4, 8, 12]);
      await pending;
      expect(held.stub.requests).toHaveLength(12);
      expect(held.most()).toBe(4);
    } finally {
      await gateway.stop();
      await held.stub.close();
    }
  });

  it('defaults to 4 in flight', async () => {
    const held = await heldStub();
    const gateway = await startGateway(held.stub.url);
    try {
      const pending = gateway.gql(yearQuery([YEAR]));
      await inRounds(held, [4, 6]);
      await pending;
      expect(held.stub.requests).toHaveLength(6);
      expect(held.most()).toBe(4);
    } finally {
      await gateway.stop();
      await held.stub.close();
    }
  });
});
