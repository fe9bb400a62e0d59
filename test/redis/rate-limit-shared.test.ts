/**
 * One HMRC budget for several replicas: two gateway instances share the rate limit through Redis
 * (`rateLimit: { requestsPerSecond: 3, redisUrl }`), and a stub upstream stamps every request on arrival.
 *
 * Whatever the two instances are asked, the upstream sees at most 3 requests in any rolling second — measured on
 * arrival, exactly, with no tolerance — at about 3 per second overall, none refused while the wait allowed is
 * generous; with a short wait, the calls beyond the budget fail with MESSAGE_THROTTLED_OUT (429, GATEWAY) and the
 * rest succeed. The same two instances with their own (memory) budgets let twice as many through: the sharing is
 * what holds the rate.
 */
import type { RunningGateway } from '../helpers/stack';
import { startGateway } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import type { SharedRedis } from '../helpers/redis';
import { connectClient, describeRedis, scanKeys, sharedRedis, uniqueId } from '../helpers/redis';

const NINO = 'AA123456A';
const CHARGES = {
  submittedOn: '2024-01-01T00:00:00.000Z',
  pensionContributions: {
    pensionSchemeTaxReference: ['00123456RA'],
    inExcessOfTheAnnualAllowance: 1,
    annualAllowanceTaxPaid: 1,
  },
};
const NO_DATA = { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' };

/** Six resources of a year: pension charges and the five reliefs. */
const sixFields = (taxYear: string) => /* GraphQL */ `
  query { taxpayer(nino: "${NINO}") { taxYear(taxYear: "${taxYear}") {
    pensionCharges { submittedOn }
    reliefs {
      investments { submittedOn }
      other { submittedOn }
      foreign { submittedOn }
      pensions { submittedOn }
      charitableGiving { gifts { landAndBuildings } }
    }
  } } }
`;

/** Pension charges alone: one call. */
const chargesOnly = (taxYear: string) => /* GraphQL */ `
  query { taxpayer(nino: "${NINO}") { taxYear(taxYear: "${taxYear}") { pensionCharges { submittedOn } } } }
`;

/** The most arrivals within any window of `windowMs` (windows anchored on arrivals). */
function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! - sorted[i]! < windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describeRedis('two gateway instances sharing the HMRC budget through Redis', () => {
  let redis: SharedRedis;
  let stub: Stub;
  let arrivals: number[];

  beforeAll(async () => {
    redis = await sharedRedis();
    stub = await startStub((req) => {
      arrivals.push(performance.now());
      return req.url.includes('/charges/') ? { status: 200, body: CHARGES } : { status: 404, body: NO_DATA };
    });
  });
  afterAll(async () => {
    await stub?.close();
    await redis?.stop();
  });
  beforeEach(() => {
    arrivals = [];
  });

  /** Two instances on one budget (a fresh key prefix: a budget nobody else has touched), connected to Redis. */
  async function pair(maxWaitMs: number, shared = true): Promise<[RunningGateway, RunningGateway]> {
    const keyPrefix = `rl-shared-test-${uniqueId()}`;
    const gateways = await Promise.all(
      [0, 1].map(() =>
        startGateway(stub.url, {
          rateLimit: {
            requestsPerSecond: 3,
            maxWaitMs,
            ...(shared ? { redisUrl: redis.url, keyPrefix } : {}),
          },
          maxConcurrencyPerRequest: 16,
        }),
      ),
    );
    // Until its client is connected, an instance uses its own budget (as when Redis is down).
    await Promise.all(gateways.map((g) => g.redisReady()));
    return gateways as [RunningGateway, RunningGateway];
  }

  it('holds 3 per second at the upstream, on arrival, across both instances, refusing none', async () => {
    const [one, two] = await pair(20_000);
    try {
      // 12 calls at once: a six-resource query on each instance.
      const responses = await Promise.all([one.gql(sixFields('2022-23')), two.gql(sixFields('2023-24'))]);
      for (const response of responses) expect(response.body.errors).toBeUndefined();
      expect(arrivals).toHaveLength(12);
      // Exactly: never a fourth request within 1000 ms of three others, measured where HMRC would measure it.
      expect(mostInAnyWindow(arrivals, 1_000)).toBe(3);
      const span = Math.max(...arrivals) - Math.min(...arrivals);
      const rate = (arrivals.length - 3) / (span / 1000);
      expect(rate).toBeLessThanOrEqual(3);
      // The budget's own ceiling is 3 per 1.1 s (2.73 per second); the floor only says the limiter does not
      // dawdle (waiters poll for a free lane with up to 20 ms of jitter).
      expect(rate).toBeGreaterThan(2.4);
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it('keeps holding it under a steady stream of queries from both instances', async () => {
    const [one, two] = await pair(20_000);
    try {
      // Queries keep arriving while earlier ones still wait for the budget.
      const started: Array<Promise<unknown>> = [];
      for (let i = 0; i < 4; i++) {
        started.push(one.gql(chargesOnly(i % 2 ? '2022-23' : '2023-24')));
        started.push(two.gql(chargesOnly(i % 2 ? '2023-24' : '2022-23')));
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      const responses = (await Promise.all(started)) as Array<{ body: { errors?: unknown } }>;
      for (const response of responses) expect(response.body.errors).toBeUndefined();
      expect(arrivals).toHaveLength(8);
      expect(mostInAnyWindow(arrivals, 1_000)).toBe(3);
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it('with a short maxWaitMs, refuses the calls beyond the shared budget with MESSAGE_THROTTLED_OUT', async () => {
    const [one, two] = await pair(300);
    try {
      const responses = await Promise.all([one.gql(sixFields('2023-24')), two.gql(sixFields('2023-24'))]);
      // Three calls in the first window across both instances; nothing else could be served within 300 ms.
      expect(arrivals).toHaveLength(3);
      const errors = responses.flatMap((r) => r.body.errors ?? []);
      expect(errors).toHaveLength(9);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({
          code: 'MESSAGE_THROTTLED_OUT',
          status: 429,
          origin: 'GATEWAY',
        });
      }
      // The three that got through are answered (HMRC's data, or HMRC's "no data" as null without an error).
      const answered = responses.reduce((n, r) => n + 6 - (r.body.errors?.length ?? 0), 0);
      expect(answered).toBe(3);
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it('keeps its lanes in Redis, each for one window plus the margin', async () => {
    const keyPrefix = `rl-shared-test-${uniqueId()}`;
    const gateway = await startGateway(stub.url, {
      rateLimit: { requestsPerSecond: 3, maxWaitMs: 5_000, redisUrl: redis.url, keyPrefix },
    });
    const client = await connectClient(redis.url);
    try {
      await gateway.redisReady();
      const asked = performance.now();
      await gateway.gql(chargesOnly('2023-24'));
      const keys = await scanKeys(client, `${keyPrefix}:*`);
      expect(keys).toEqual([`${keyPrefix}:lane0`]);
      const ttl = await client.pTTL(keys[0]!);
      // Set for 1100 ms when the call was admitted, which was after `asked`: what is left now is at least
      // 1100 ms less the time since then (a whole-second window would have left at most 1000 ms).
      expect(ttl).toBeLessThanOrEqual(1_100);
      expect(ttl).toBeGreaterThanOrEqual(1_100 - Math.ceil(performance.now() - asked) - 1);
    } finally {
      client.destroy();
      await gateway.stop();
    }
  });

  it('(control) two instances with their own budgets let twice as many through: sharing is what holds the rate', async () => {
    const [one, two] = await pair(20_000, false);
    try {
      await Promise.all([one.gql(sixFields('2022-23')), two.gql(sixFields('2023-24'))]);
      expect(arrivals).toHaveLength(12);
      expect(mostInAnyWindow(arrivals, 1_000)).toBe(6);
    } finally {
      await one.stop();
      await two.stop();
    }
  });
});
