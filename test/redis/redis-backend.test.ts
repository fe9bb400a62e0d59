/**
 * The Redis backend, for real: the response cache shared by two gateway instances, and Redis going away in the
 * middle of a run — killed, or frozen (SIGSTOP: connected but silent, like a network partition). While it is away
 * every query must still be answered (HMRC is asked again), quickly, with a warning logged; the rate limiter and
 * APQ must fall back too; once Redis is back on the same port, caching resumes by itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import { DEMO_UTR } from '../../src/simulator/sa-demo';
import { fixedClock } from '../../src/util/clock';
import type { GraphQLResponse, RunningGateway, Stack } from '../helpers/stack';
import { startGateway, startStack } from '../helpers/stack';
import type { RedisServer, SharedRedis } from '../helpers/redis';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { describeRedis, sharedRedis, startRedis, uniqueId } from '../helpers/redis';
import { WAIT_FOR_DEADLINE_MS } from '../helpers/wait';

const clock = fixedClock('2025-07-15T12:00:00Z');
const YEAR = '2023-24';
const READ = /* GraphQL */ `
  query Read($nino: Nino!, $utr: Utr!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino, utr: $utr) {
      taxYear(taxYear: $taxYear) {
        pensionCharges {
          submittedOn
        }
        reliefs {
          investments {
            submittedOn
          }
          other {
            submittedOn
          }
          foreign {
            submittedOn
          }
          pensions {
            submittedOn
          }
          charitableGiving {
            gifts {
              landAndBuildings
            }
          }
        }
        disclosures {
          submittedOn
        }
        selfAssessment {
          amountCharged
        }
      }
    }
  }
`;
const VARIABLES = { nino: DEMO_NINO, utr: DEMO_UTR, taxYear: YEAR };
/** Seven resources and the account. */
const FULL_COST = 8;

const newToken = () => `redis-test-${randomUUID()}`;
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LogEntry {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function memoryLogger(): { logger: pino.Logger; warnings(): LogEntry[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    logger: pino({ level: 'warn' }, stream),
    warnings: () => lines.map((l) => JSON.parse(l) as LogEntry).filter((e) => e.level === 40),
  };
}

function callsOf(stack: Stack, token: string): number {
  return stack.simulator.requests.filter(
    (r) => r.authorization === stack.simulator.fingerprint(`Bearer ${token}`),
  ).length;
}

/** Runs a query and reports what it cost upstream and how long it took. */
async function measured(stack: Stack, gateway: RunningGateway, token: string) {
  const before = callsOf(stack, token);
  const started = performance.now();
  const response = await gateway.gql(READ, VARIABLES, as(token));
  return { response, calls: callsOf(stack, token) - before, ms: performance.now() - started };
}

function expectAnswered(response: GraphQLResponse): void {
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  const year = response.body.data.taxpayer.taxYear;
  expect(year.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
  expect(year.selfAssessment.amountCharged).toBeGreaterThan(0);
}

/** Queries (a fresh token each round) until a repeat costs nothing: Redis is connected and caching. */
async function untilCaching(
  stack: Stack,
  gateways: readonly RunningGateway[],
  timeoutMs = WAIT_FOR_DEADLINE_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const token = newToken();
    await gateways[0]!.gql(READ, VARIABLES, as(token));
    let cached = true;
    for (const g of gateways) if ((await measured(stack, g, token)).calls !== 0) cached = false;
    if (cached) return;
    if (Date.now() > deadline) throw new Error('the Redis cache never started answering');
    await sleep(100);
  }
}

describeRedis('the Redis cache shared by two gateway instances', () => {
  let redis: SharedRedis;
  let stack: Stack;
  let second: RunningGateway;
  beforeAll(async () => {
    redis = await sharedRedis();
    // A generous Redis timeout: this suite is about the sharing, not about a slow Redis (an operation slower than
    // the default 250 ms is a miss, which on a loaded machine would look like a sharing bug).
    const cache = { redisUrl: redis.url, ttlMs: 60_000, timeoutMs: 10_000 };
    stack = await startStack({ clock, cache });
    second = await startGateway(stack.simulatorUrl, { clock, cache });
    await untilCaching(stack, [stack, second]);
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
    await redis?.stop();
  });

  it('answers the same token on the second instance with zero upstream calls', async () => {
    const token = newToken();
    const first = await measured(stack, stack, token);
    expectAnswered(first.response);
    expect(first.calls).toBe(FULL_COST);
    const other = await measured(stack, second, token);
    expect(other.calls).toBe(0);
    expect(other.response.body).toEqual(first.response.body);
    expect((await measured(stack, stack, token)).calls).toBe(0);
  });

  it('costs another token the full set on either instance', async () => {
    const warm = newToken();
    await stack.gql(READ, VARIABLES, as(warm));
    const other = newToken();
    const cold = await measured(stack, second, other);
    expect(cold.calls).toBe(FULL_COST);
    expectAnswered(cold.response);
    expect((await measured(stack, stack, other)).calls).toBe(0);
  });

  it('invalidates on both instances: a write through one is seen fresh through the other', async () => {
    const token = newToken();
    const nino = 'AB123456C';
    const read = (g: RunningGateway) =>
      g.gql(
        `query($nino: Nino!) { taxpayer(nino: $nino) { taxYear(taxYear: "${YEAR}") { reliefs { foreign { foreignTaxCreditRelief { amount } } } } } }`,
        { nino },
        as(token),
      );
    expect((await read(stack)).body.data.taxpayer.taxYear.reliefs.foreign).toBeNull();
    expect((await read(second)).body.data.taxpayer.taxYear.reliefs.foreign).toBeNull();
    const before = callsOf(stack, token);
    const written = await second.gql(
      `mutation($nino: Nino!) { createOrAmendForeignReliefs(nino: $nino, taxYear: "${YEAR}", input: { foreignTaxCreditRelief: { amount: 42.5 } }) { correlationId } }`,
      { nino },
      as(token),
    );
    expect(written.body.errors).toBeUndefined();
    const after = await read(stack);
    expect(after.body.data.taxpayer.taxYear.reliefs.foreign).toEqual({
      foreignTaxCreditRelief: { amount: 42.5 },
    });
    // The PUT and one fresh GET.
    expect(callsOf(stack, token) - before).toBe(2);
  });
});

describeRedis(
  'Redis going away mid-run',
  () => {
    let redis: RedisServer;
    let stack: Stack;
    let log: ReturnType<typeof memoryLogger>;
    /**
     * The cache's Redis timeout here (production: 250 ms): long enough that Redis, while up, answers within it on
     * a loaded 2-core machine (at 250 ms a slow answer before the outage was a miss, and its throttled warning
     * then hid the one this suite expects), short enough to show that an outage costs a bounded wait.
     */
    const CACHE_TIMEOUT_MS = 1_000;
    /**
     * A query while Redis is away waits out at most a lookup's and a write's timeout (then the cache skips Redis
     * for a second): 2 s, plus HMRC and a loaded machine. Far below a hang (a frozen Redis never answers).
     */
    const BOUND_MS = 6_000;

    beforeAll(async () => {
      redis = await startRedis();
      log = memoryLogger();
      stack = await startStack({
        clock,
        logger: log.logger,
        cache: { redisUrl: redis.url, ttlMs: 60_000, timeoutMs: CACHE_TIMEOUT_MS },
        // The shared limiter on the same Redis: it must fall back too (a rate high enough not to slow the test).
        rateLimit: {
          requestsPerSecond: 50,
          maxWaitMs: 5_000,
          redisUrl: redis.url,
          keyPrefix: `rl-test-${uniqueId()}`,
        },
      });
      await untilCaching(stack, [stack]);
    });
    afterAll(async () => {
      redis?.thaw();
      await stack?.stop();
      await redis?.stop();
    });

    it('killed: every query is still answered, quickly, from HMRC, with a warning; caching resumes on restart', async () => {
      const token = newToken();
      expectAnswered((await measured(stack, stack, token)).response);
      expect((await measured(stack, stack, token)).calls).toBe(0);
      const warningsBefore = log.warnings().length;

      await redis.stop('SIGKILL');
      for (let i = 0; i < 3; i++) {
        const { response, calls, ms } = await measured(stack, stack, token);
        expectAnswered(response);
        expect(calls).toBe(FULL_COST);
        expect(ms).toBeLessThan(BOUND_MS);
      }
      // Concurrent queries too, none waiting on Redis.
      const together = await Promise.all(Array.from({ length: 5 }, () => measured(stack, stack, newToken())));
      for (const { response, ms } of together) {
        expectAnswered(response);
        expect(ms).toBeLessThan(BOUND_MS);
      }
      const warned = log.warnings().slice(warningsBefore);
      expect(warned.length).toBeGreaterThan(0);
      expect(warned.map((w) => w.msg)).toEqual(expect.arrayContaining(['Redis unavailable']));
      // Throttled: an outage is a few lines, not one per operation.
      expect(warned.length).toBeLessThan(10);
      for (const w of warned) expect(JSON.stringify(w)).not.toContain(token);

      await redis.restart();
      await untilCaching(stack, [stack]);
      // The token's entries were lost with the old process; they are cached again from now on.
      await stack.gql(READ, VARIABLES, as(token));
      expect((await measured(stack, stack, token)).calls).toBe(0);
    });

    it('frozen (connected but silent): every query is still answered within the bound; caching resumes on thaw', async () => {
      const token = newToken();
      await stack.gql(READ, VARIABLES, as(token));
      expect((await measured(stack, stack, token)).calls).toBe(0);
      const warningsBefore = log.warnings().length;

      redis.freeze();
      try {
        for (let i = 0; i < 2; i++) {
          const { response, calls, ms } = await measured(stack, stack, token);
          expectAnswered(response);
          expect(calls).toBe(FULL_COST);
          expect(ms).toBeLessThan(BOUND_MS);
        }
        const warned = log
          .warnings()
          .slice(warningsBefore)
          .map((w) => w.msg);
        expect(warned).toEqual(expect.arrayContaining(['Cache did not answer in time; treated as a miss']));
      } finally {
        redis.thaw();
      }
      await untilCaching(stack, [stack]);
    });

    it('APQ falls back too: a hash-only query is not found, the full query still runs', async () => {
      const query = `# ${randomUUID()}\n${READ}`;
      const extensions = {
        persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') },
      };
      const post = (body: object) =>
        fetch(stack.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...as(newToken()) },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

      for (const outage of ['frozen', 'killed'] as const) {
        if (outage === 'frozen') redis.freeze();
        else await redis.stop('SIGKILL');
        try {
          const started = performance.now();
          const hashOnly = await post({ variables: VARIABLES, extensions });
          expect(hashOnly.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
          const full = await post({ query, variables: VARIABLES, extensions });
          expect(full.body.errors).toBeUndefined();
          expect(full.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBeTruthy();
          expect(performance.now() - started).toBeLessThan(BOUND_MS);
        } finally {
          if (outage === 'frozen') redis.thaw();
          else await redis.restart();
        }
      }
      await untilCaching(stack, [stack]);
    });

    it('a gateway started while Redis is down answers, and starts caching once Redis is up', async () => {
      await redis.stop('SIGKILL');
      const late = await startGateway(stack.simulatorUrl, {
        clock,
        cache: { redisUrl: redis.url, ttlMs: 60_000 },
        rateLimit: { requestsPerSecond: 50, redisUrl: redis.url, keyPrefix: `rl-test-${uniqueId()}` },
      });
      try {
        const token = newToken();
        for (let i = 0; i < 2; i++) {
          const { response, calls, ms } = await measured(stack, late, token);
          expectAnswered(response);
          expect(calls).toBe(FULL_COST);
          expect(ms).toBeLessThan(BOUND_MS);
        }
        await redis.restart();
        await untilCaching(stack, [late]);
      } finally {
        await late.stop();
      }
    });
  },
  { spawn: true },
);

describeRedis(
  'shutting down while Redis is away',
  () => {
    it.each(['killed', 'frozen'] as const)(
      '%s: a gateway stops promptly instead of waiting for Redis',
      async (outage) => {
        const redis = await startRedis();
        try {
          const stack = await startStack({
            clock,
            cache: { redisUrl: redis.url },
            rateLimit: { requestsPerSecond: 50, redisUrl: redis.url, keyPrefix: `rl-test-${uniqueId()}` },
          });
          await untilCaching(stack, [stack]);
          if (outage === 'killed') await redis.stop('SIGKILL');
          else redis.freeze();
          const started = performance.now();
          await stack.stop();
          // QUIT is given up on after 1 s (src/cache/stores.ts); without that bound stop() would never return.
          // 5 s leaves a loaded machine room and is still nothing like a hang.
          expect(performance.now() - started).toBeLessThan(5_000);
        } finally {
          redis.thaw();
          await redis.stop();
        }
      },
    );
  },
  { spawn: true },
);

describeRedis(
  'the shared rate limiter with Redis down',
  () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      redis?.thaw();
      await redis?.stop();
    });

    /** Arrival times (at the stub) of the requests of a query needing six resources. */
    async function sixCalls(gateway: RunningGateway, stub: Stub): Promise<number[]> {
      const before = stub.requests.length;
      const response = await gateway.gql(
        `query { taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } reliefs { investments { submittedOn } other { submittedOn } foreign { submittedOn } pensions { submittedOn } charitableGiving { gifts { landAndBuildings } } } } } }`,
        {},
        as(newToken()),
      );
      expect(response.body.errors).toBeUndefined();
      return arrivals.slice(before);
    }
    let arrivals: number[] = [];

    it.each(['killed', 'frozen'] as const)(
      '%s: falls back to this process’s share of the budget, still answers, and still holds the rate',
      async (outage) => {
        arrivals = [];
        const stub = await startStub(() => {
          arrivals.push(performance.now());
          return {
            status: 404,
            body: { code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' },
          };
        });
        const log = memoryLogger();
        const gateway = await startGateway(stub.url, {
          logger: log.logger,
          rateLimit: {
            requestsPerSecond: 3,
            maxWaitMs: 5_000,
            redisUrl: redis.url,
            keyPrefix: `rl-test-${uniqueId()}`,
          },
          maxConcurrencyPerRequest: 8,
        });
        try {
          expect(await sixCalls(gateway, stub)).toHaveLength(6); // Redis up (or still connecting)
          if (outage === 'killed') await redis.stop('SIGKILL');
          else redis.freeze();
          await sleep(1_200); // a fresh window
          const started = performance.now();
          const times = await sixCalls(gateway, stub);
          expect(times).toHaveLength(6);
          // The fallback is this replica's share of the budget (HMRC_EXPECTED_REPLICAS, default 2): 1.5 a
          // second, one call every 733 ms, so the six span 3.7 s (the whole budget would take 1.8 s).
          times.sort((x, y) => x - y);
          expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(3_000);
          expect(times[5]! - started).toBeLessThan(8_000);
          expect(log.warnings().map((w) => w.msg)).toContain(
            "Shared HMRC request budget unavailable (Redis); using this process's share of the budget",
          );
        } finally {
          redis.thaw();
          if (outage === 'killed') await redis.restart();
          await gateway.stop();
          await stub.close();
        }
      },
    );
  },
  { spawn: true },
);
