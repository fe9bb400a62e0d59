/**
 * `/readyz` (readiness) against `/healthz` (liveness), over real HTTP: ready only with the schema loaded, Redis
 * answering when it is configured, and not draining; `/healthz` stays up through all of it.
 */
import { Readiness } from '../../src/observability/readiness';
import type { RedisServer } from '../helpers/redis';
import { describeRedis, startRedis } from '../helpers/redis';
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

async function probe(stack: Stack, route: '/readyz' | '/healthz') {
  const response = await fetch(new URL(route, stack.url));
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: (await response.json()) as { status: string; checks: Record<string, unknown> },
  };
}

describe('/readyz without Redis', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('is ready once the schema is loaded, and says Redis is not configured', async () => {
    const ready = await probe(stack, '/readyz');
    expect(ready).toEqual({
      status: 200,
      cacheControl: 'no-store',
      body: { status: 'ready', checks: { schema: 'ok', redis: 'not configured', draining: false } },
    });
  });

  it('is not ready while draining, and ready again when draining is cancelled; /healthz stays live', async () => {
    stack.gateway.setDraining();
    expect(stack.gateway.draining).toBe(true);
    const draining = await probe(stack, '/readyz');
    expect(draining.status).toBe(503);
    expect(draining.body).toEqual({
      status: 'not ready',
      checks: { schema: 'ok', redis: 'not configured', draining: true },
    });
    expect(await probe(stack, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });

    stack.gateway.setDraining(false);
    expect((await probe(stack, '/readyz')).status).toBe(200);
  });
});

describe('Readiness checks', () => {
  it('is not ready before the schema is loaded', async () => {
    const readiness = new Readiness();
    expect(await readiness.check()).toEqual({
      ready: false,
      checks: { schema: 'loading', redis: 'not configured', draining: false },
    });
    readiness.markSchemaLoaded();
    expect((await readiness.check()).ready).toBe(true);
  });

  it('counts a Redis that never answers as down (timeout), and one that fails at once as failed', async () => {
    const seen: boolean[] = [];
    const silent = new Readiness({
      redis: { ping: () => new Promise<string>(() => undefined) },
      timeoutMs: 5,
      onRedisCheck: (up) => seen.push(up),
    });
    silent.markSchemaLoaded();
    expect(await silent.check()).toEqual({
      ready: false,
      checks: { schema: 'ok', redis: 'timeout', draining: false },
    });
    const failing = new Readiness({
      redis: { ping: () => Promise.reject(new Error('The client is closed')) },
      onRedisCheck: (up) => seen.push(up),
    });
    failing.markSchemaLoaded();
    expect((await failing.check()).checks.redis).toBe('failed');
    expect(seen).toEqual([false, false]);
  });
});

describeRedis(
  '/readyz with Redis',
  () => {
    let redis: RedisServer;
    let stack: Stack;
    beforeAll(async () => {
      redis = await startRedis();
      stack = await startStack({ cache: { redisUrl: redis.url } });
      await stack.redisReady();
    });
    afterAll(async () => {
      await stack.stop();
      await redis.stop();
    });

    it('is ready while Redis answers, not ready while it is down, and ready again once it is back', async () => {
      expect(await probe(stack, '/readyz')).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { redis: 'ok' } },
      });

      await redis.stop();
      const down = await probe(stack, '/readyz');
      expect(down.status).toBe(503);
      expect(down.body.checks.redis).toMatch(/^(failed|timeout)$/);
      // Liveness is not Redis's business: restarting the gateway would not bring Redis back.
      expect((await probe(stack, '/healthz')).status).toBe(200);

      await redis.restart();
      await stack.redisReady(10_000);
      expect((await probe(stack, '/readyz')).status).toBe(200);
    });
  },
  { spawn: true },
);
