/**
 * The latency baseline, run as its own process by bench/throughput.ts: what a client calling HMRC directly would
 * see. `connections` concurrent clients each send every GET of the 1-year query at once (`Promise.all`, over
 * undici, which the gateway uses too, with no connection limit) and wait for the last answer; repeat.
 */
import { Agent, request } from 'undici';
import type { FanOutJob, LoadResult } from './protocol';
import { serveJob } from './protocol';
import { latencySummary } from './stats';

const agent = new Agent({ keepAliveTimeout: 60_000 });

async function run(job: FanOutJob, seconds: number): Promise<LoadResult> {
  const samples: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const get = async (url: string) => {
    try {
      const response = await request(url, { dispatcher: agent, headers: job.headers });
      await response.body.text();
      if (response.statusCode < 200 || response.statusCode > 299) non2xx++;
    } catch {
      errors++;
    }
  };
  const client = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await Promise.all(job.urls.map(get));
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: job.connections }, client));
  const { p50, p99 } = latencySummary(samples);
  return {
    completed: samples.length,
    seconds: (performance.now() - started) / 1000,
    non2xx,
    errors,
    badBodies: 0,
    p50Ms: p50,
    p99Ms: p99,
  };
}

serveJob<FanOutJob>(
  async (job) => {
    await run(job, job.warmupSeconds);
  },
  (job) => run(job, job.seconds),
);
