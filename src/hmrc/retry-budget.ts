/**
 * A retry budget: retries may be at most a share of recent traffic, plus a small allowance that lets a quiet
 * gateway retry at all. Without one, retries multiply load exactly when HMRC is struggling (every failing call
 * becomes three), and with HMRC's budget of about 3 calls a second, retry storms spend everybody's share.
 *
 * The model is Envoy's `retry_budget` (`budget_percent`, `min_retry_concurrency`) and Apollo Router's retry
 * budget (tower's `TpsBudget`: `min_per_sec`, `retry_percent`, `ttl`): every original call deposits, every retry
 * withdraws, and deposits older than the window no longer count. cockatiel (used for the retries themselves) has
 * no budget, and no maintained Node library offers one on its own, so this is the one small piece written here.
 * Buckets make it constant work per call whatever the traffic.
 */
export interface RetryBudgetOptions {
  /** Retries allowed, as a percentage of the original calls made within the window (Envoy/Apollo: 20). */
  readonly percent: number;
  /** Retries allowed within the window whatever the traffic, so that a quiet gateway can still retry. */
  readonly minRetries: number;
  /** How far back "recent" reaches, in milliseconds. */
  readonly windowMs: number;
  /** Monotonic milliseconds (injected in tests). */
  readonly now: () => number;
}

const BUCKETS = 10;

interface Bucket {
  /** Which slice of time (now / bucketMs, floored) this bucket currently counts; stale buckets are reused. */
  slice: number;
  calls: number;
  retries: number;
}

export class RetryBudget {
  readonly #buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ slice: -1, calls: 0, retries: 0 }));
  readonly #bucketMs: number;

  constructor(private readonly options: RetryBudgetOptions) {
    this.#bucketMs = Math.max(1, options.windowMs / BUCKETS);
  }

  /** An original (not retried) call was made. */
  recordCall(): void {
    this.#current().calls++;
  }

  /** Takes one retry from the budget if it allows one; false when the budget is spent. */
  tryRetry(): boolean {
    const { calls, retries } = this.usage();
    if (retries + 1 > this.options.minRetries + (calls * this.options.percent) / 100) return false;
    this.#current().retries++;
    return true;
  }

  /** Original calls and retries within the window. */
  usage(): { calls: number; retries: number } {
    const slice = this.#slice();
    let calls = 0;
    let retries = 0;
    for (const bucket of this.#buckets) {
      if (bucket.slice > slice - BUCKETS) {
        calls += bucket.calls;
        retries += bucket.retries;
      }
    }
    return { calls, retries };
  }

  #slice(): number {
    return Math.floor(this.options.now() / this.#bucketMs);
  }

  #current(): Bucket {
    const slice = this.#slice();
    const bucket = this.#buckets[slice % BUCKETS]!;
    if (bucket.slice !== slice) {
      bucket.slice = slice;
      bucket.calls = 0;
      bucket.retries = 0;
    }
    return bucket;
  }
}
