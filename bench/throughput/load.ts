/**
 * The load generator, run as its own process by bench/throughput.ts: autocannon (programmatic API) POSTing one
 * GraphQL query to the gateway over `connections` keep-alive connections. The warm-up runs for a fixed time; the
 * measured run sends a fixed number of requests (what the warm-up's rate does in `seconds`) and ends when every
 * one has been answered, so that no request is cut off at either edge of the window: the gateway's CPU time
 * over the window is then the work of exactly `completed` requests.
 */
import autocannon from 'autocannon';
import type { GatewayJob, LoadResult } from './protocol';
import { serveJob } from './protocol';
import { latencySummary } from './stats';

let caller = 0;

let warmUpRate = 0;

function run(job: GatewayJob, length: { duration: number } | { amount: number }): Promise<LoadResult> {
  const samples: number[] = [];
  let badBodies = 0;
  const authorization = (token: string) => `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        ...length,
        requests: [
          {
            method: 'POST',
            headers: {
              ...job.headers,
              authorization: authorization(job.token ?? 'bench-unused'),
            },
            body: job.body,
            ...(job.token === undefined
              ? {
                  // A new caller per request: the gateway shares nothing between callers (cache, coalescing).
                  setupRequest: (request: autocannon.Request) => ({
                    ...request,
                    headers: {
                      ...request.headers,
                      authorization: authorization(`bench-${process.pid}-${++caller}-0123456789abcdef`),
                    },
                  }),
                }
              : {}),
          },
        ],
        // A 200 can still carry GraphQL errors (partial results): those are counted, and fail the run.
        verifyBody: (body) => {
          const text = String(body);
          const ok = text.includes('"data":{') && !text.includes('"errors":');
          if (!ok) badBodies++;
          return ok;
        },
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const { p50, p99 } = latencySummary(samples);
        resolve({
          completed: result.requests.total,
          seconds: result.duration,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          badBodies,
          p50Ms: p50,
          p99Ms: p99,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs: number) => {
      samples.push(responseTimeMs);
    });
  });
}

serveJob<GatewayJob>(
  async (job) => {
    const { completed, seconds } = await run(job, { duration: job.warmupSeconds });
    warmUpRate = completed / seconds;
  },
  (job) => run(job, { amount: Math.max(job.connections, Math.round(warmUpRate * job.seconds)) }),
);
