/**
 * Benchmark: what HMRC's budget costs and who gets it. A report, not a test: nothing here fails on a number.
 * `npm run bench:budget` (about 15 s).
 *
 * 1. The limiter's CPU per admission at budgets of 3, 100, 1,000 and 100,000 a second, on fake time (so the
 *    figure is the limiter's own work, not sleeping): it should be flat. (Before: rate-limiter-flexible with one
 *    lane per call of budget cost about 1.1 ms per admission at 1,000 a second, issue 9.)
 * 2. A small query's wait behind another caller's wide query at 3 a second, through the real gateway and a stub
 *    HMRC over HTTP: with fair queueing, and first come first served (every call under one key, as before).
 * 3. HMRC calls made by an amplification query (60 aliases of distinct NINOs: refused before any call), and by a
 *    wide query after its client hangs up (none).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildGateway } from '../src/app';
import { loadConfig } from '../src/config';
import type { LimiterTime, UpstreamLimiter } from '../src/hmrc/rate-limiter';
import { createRateLimiter } from '../src/hmrc/rate-limiter';
import { silentLogger } from '../src/util/logger';

const logger = silentLogger();

/** Fake time whose cost per wake-up is one macrotask: the clock jumps to the next sleeper's end. */
function fakeTime(): LimiterTime & { run(until: () => boolean): Promise<void> } {
  let now = 0;
  const sleepers: Array<{ at: number; wake(): void }> = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    async run(until) {
      while (!until()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (sleepers.length === 0) continue;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift()!;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

async function limiterCost(rps: number, calls: number): Promise<{ usPerAdmission: number; spanMs: number }> {
  const time = fakeTime();
  const limiter = createRateLimiter({ requestsPerSecond: rps, maxWaitMs: 1e12, logger, time });
  let admitted = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) void limiter.acquire({ principal: `p${i % 16}` }).then(() => admitted++);
  await time.run(() => admitted === calls);
  const used = process.cpuUsage(cpu);
  return { usPerAdmission: (used.user + used.system) / calls, spanMs: time.now() };
}

/** A stub HMRC: "no data" for every read, recording who asked. */
async function stubHmrc(): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls.push(String(req.headers.authorization));
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"code":"MATCHING_RESOURCE_NOT_FOUND","message":"Matching resource not found"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function gatewayOver(upstream: string, limiter: UpstreamLimiter | undefined) {
  // Production wiring (buildGateway), cache off, the limiter built here (on fake time where it matters).
  const config = loadConfig({
    NODE_ENV: 'test',
    HMRC_BASE_URL: upstream,
    HMRC_MAX_CONCURRENCY_PER_REQUEST: '64',
    CACHE_MAX_ENTRIES: '0',
  });
  const built = await buildGateway(config, { logger, limiter: limiter ?? false });
  const url = await built.listen(0, '127.0.0.1');
  return {
    url,
    post: (query: string, token: string, signal?: AbortSignal) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
        ...(signal ? { signal } : {}),
      }),
    stop: () => built.close(),
  };
}

const WIDE = `{ taxpayer(nino: "AA000001A") { taxYears(from: "2021-22", to: "2026-27") {
  pensionCharges { submittedOn } disclosures { submittedOn }
  reliefs { investments { submittedOn } other { submittedOn } foreign { submittedOn } pensions { submittedOn }
            charitableGiving { gifts { landAndBuildings } } } } } }`;
const SMALL = `{ taxpayer(nino: "AA000002A") { taxYear(taxYear: "2023-24") { pensionCharges { submittedOn } } } }`;

/** Real-time pause to let HTTP happen while the fake clock stands still. */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function smallBehindWide(fair: boolean): Promise<{ waitMs: number; aheadOfIt: number }> {
  const stub = await stubHmrc();
  let now = 0;
  const sleepers: Array<{ at: number; wake(): void }> = [];
  const time: LimiterTime = {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
  };
  const inner = createRateLimiter({ requestsPerSecond: 3, maxWaitMs: 1e9, logger, time });
  // First come, first served: every call under one key, which is what the limiter did before.
  const limiter: UpstreamLimiter = fair
    ? inner
    : {
        acquire: (o) => inner.acquire(o?.signal ? { signal: o.signal } : {}),
        pause: (ms) => inner.pause(ms),
      };
  const gateway = await gatewayOver(stub.url, limiter);
  const advance = async (ms: number) => {
    const target = now + ms;
    sleepers.sort((a, b) => a.at - b.at);
    while (sleepers[0] && sleepers[0].at <= target) {
      const next = sleepers.shift()!;
      now = next.at;
      next.wake();
      await settle(2);
      sleepers.sort((a, b) => a.at - b.at);
    }
    now = target;
    await settle(2);
  };
  const wide = gateway.post(WIDE, 'wide-caller');
  while (stub.calls.length < 1) await settle(5);
  await settle(50);
  const asked = now;
  let done = false;
  const small = gateway.post(SMALL, 'small-caller').then(async (r) => {
    await r.text();
    done = true;
  });
  while (!done) await advance(50);
  const waitMs = now - asked;
  const aheadOfIt = stub.calls.indexOf('Bearer small-caller') - 1;
  await small;
  while (stub.calls.length < 43) await advance(400);
  await (await wide).text();
  await gateway.stop();
  await stub.close();
  return { waitMs, aheadOfIt };
}

async function amplificationAndHangUp(): Promise<{ amplified: number; status: number; afterHangUp: number }> {
  const stub = await stubHmrc();
  const limiter = createRateLimiter({ requestsPerSecond: 3, maxWaitMs: 60_000, logger });
  const gateway = await gatewayOver(stub.url, limiter);
  const aliases = Array.from(
    { length: 60 },
    (_, i) =>
      `t${i}: taxpayer(nino: "AA${String(i).padStart(6, '0')}A") { taxYear(taxYear: "2023-24") { pensionCharges { submittedOn } } }`,
  );
  const refused = await gateway.post(`{ ${aliases.join('\n')} }`, 'amplifier');
  await refused.text();
  const amplified = stub.calls.length;

  const hangUp = new AbortController();
  const wide = gateway.post(WIDE, 'hang-up-caller', hangUp.signal).catch(() => undefined);
  while (stub.calls.length < amplified + 1) await settle(5);
  hangUp.abort();
  await wide;
  const atHangUp = stub.calls.length;
  // Long enough for six more slots at 3 a second, had the calls stayed queued.
  await settle(2_000);
  const afterHangUp = stub.calls.length - atHangUp;
  await gateway.stop();
  await stub.close();
  return { amplified, status: refused.status, afterHangUp };
}

async function main(): Promise<void> {
  console.log('\nHMRC budget benchmark (fake time for the limiter; real HTTP to a local stub HMRC)\n');
  console.log('1. Limiter CPU per admission (16 principals, memory mode, fake time)');
  console.log('   budget/s   admissions   µs/admission   fake time spanned');
  for (const [rps, calls] of [
    [3, 3_000],
    [100, 20_000],
    [1_000, 20_000],
    [100_000, 200_000],
  ] as const) {
    await limiterCost(rps, Math.min(calls, 2_000)); // warm-up
    const { usPerAdmission, spanMs } = await limiterCost(rps, calls);
    console.log(
      `   ${String(rps).padStart(8)}   ${String(calls).padStart(10)}   ${usPerAdmission.toFixed(2).padStart(12)}   ${(spanMs / 1000).toFixed(1).padStart(12)} s`,
    );
  }
  console.log(
    '   (before: about 1,100 µs per admission at 1,000/s, one rate-limiter-flexible lane tried per call)\n',
  );

  console.log("2. A 1-call query's wait behind another caller's 42-call query at 3/s (fake time)");
  const fifo = await smallBehindWide(false);
  const fair = await smallBehindWide(true);
  console.log(
    `   first come, first served (before): ${(fifo.waitMs / 1000).toFixed(1)} s, ${fifo.aheadOfIt} of the other caller's calls ahead of it`,
  );
  console.log(
    `   fair queueing (now):               ${(fair.waitMs / 1000).toFixed(1)} s, ${fair.aheadOfIt} of the other caller's calls ahead of it\n`,
  );

  console.log('3. HMRC calls');
  const { amplified, status, afterHangUp } = await amplificationAndHangUp();
  console.log(
    `   60 aliases of distinct NINOs (HMRC_MAX_CALLS_PER_REQUEST 50): ${amplified} calls, HTTP ${status} HMRC_CALL_BUDGET_EXCEEDED`,
  );
  console.log(`   42-call query after its client hung up (2 s more at 3/s):      ${afterHangUp} calls\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
