/**
 * How bench/throughput.ts drives its load-generating children (load.ts: autocannon against the gateway; fan-out.ts:
 * the direct parallel fan-out to the stub). Each child gets one job, warms up, says so and waits, so that the
 * parent can read the gateway's CPU time at the start of the measured window; then it measures and reports.
 */

export interface LoadJob {
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

/** autocannon: POST `body` to `url` with `headers`, from `connections` connections. */
export interface GatewayJob extends LoadJob {
  readonly kind: 'gateway';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** A bearer token for every request (one caller); absent, a new caller per request (nothing coalesced). */
  readonly token?: string;
}

/** `connections` concurrent clients, each sending the GETs of one query at once (`Promise.all`), in a loop. */
export interface FanOutJob extends LoadJob {
  readonly kind: 'fan-out';
  readonly urls: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadResult {
  /** Completed requests in the measured window (for fan-out: completed fan-outs). */
  readonly completed: number;
  readonly seconds: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** 200s whose body has `errors` or lacks `data` (gateway only). */
  readonly badBodies: number;
  /** Latency of each completed request, milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export type ParentMessage = { type: 'job'; job: GatewayJob | FanOutJob } | { type: 'go' };
export type ChildMessage = { type: 'warmed' } | { type: 'result'; result: LoadResult };

/** The child's side: run `warmUp`, report, wait for `go`, run `measure`, report, exit. */
export function serveJob<J extends GatewayJob | FanOutJob>(
  warmUp: (job: J) => Promise<void>,
  measure: (job: J) => Promise<LoadResult>,
): void {
  let job: J | undefined;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'job') {
      job = message.job as J;
      void warmUp(job).then(() => process.send!({ type: 'warmed' } satisfies ChildMessage), fail);
    } else if (message.type === 'go' && job) {
      void measure(job).then((result) => {
        process.send!({ type: 'result', result } satisfies ChildMessage, () => process.exit(0));
      }, fail);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function fail(error: unknown): void {
  console.error(error);
  process.exit(1);
}
