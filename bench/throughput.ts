/**
 * Benchmark: the gateway's throughput, CPU per query, memory, start-up time, and latency next to calling HMRC
 * directly. `npm run bench:throughput` (about 2 minutes; `-- --short`: well under 1). A report, not a test: a
 * missed target is printed, not failed; an error, a non-2xx answer, a GraphQL error or a crashed process fails it.
 *
 * Four processes, so that none measures another's work: the gateway (`dist-bench/src/index.js`, the real entry
 * point, configured through the environment as in production), a minimal stub HMRC (throughput/stub-hmrc.ts),
 * the load generator (throughput/load.ts, autocannon) and, for the latency baseline, a direct fan-out client
 * (throughput/fan-out.ts). The gateway's CPU time is read from /proc/<pid>/stat (utime + stime, all threads) at
 * the start and end of each measured window.
 *
 * Options: --short, --seconds N (measured window), --warmup N, --connections N (default 20), --delay MS (the
 * stub's answer time in the latency comparison, default 50), --latency-connections N (concurrent clients in
 * the latency comparison, default --connections), --log-level LEVEL (default: unset, the gateway's own
 * default, info), --cpu-prof DIR (the gateways write V8 CPU profiles there, `node --cpu-prof`; open them in Chrome's
 * DevTools or speedscope), --node-args "…" (extra flags for the gateways' node, for experiments: the report is then
 * not of what `npm start` runs), --only cold|latency|warm (one group of scenarios; the report then prints only theirs).
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildMessage, FanOutJob, GatewayJob, LoadResult, ParentMessage } from './throughput/protocol';
import type { BenchQuery } from './throughput/queries';
import { ONE_YEAR, SEVEN_YEAR, requestHeaders, yearsDescription } from './throughput/queries';
import type { ProcCpu } from './throughput/stats';
import { cpuMs, parseProcStat, parseProcStatus } from './throughput/stats';
import type { StubCommand, StubMessage } from './throughput/stub-hmrc';
import { DEFAULT_MAX_CONNECTIONS } from '../src/hmrc/client';
import { DEFAULT_MAX_CONCURRENCY_PER_REQUEST } from '../src/hmrc/session';

// --- options ------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const SHORT = argv.includes('--short');
const SECONDS = Number(option('seconds') ?? (SHORT ? 3 : 10));
const WARMUP = Number(option('warmup') ?? (SHORT ? 1 : 3));
const CONNECTIONS = Number(option('connections') ?? 20);
const DELAY_MS = Number(option('delay') ?? 50);
// A few clients at once: the comparison is of one query's latency (the gateway's per-request concurrency and
// pool next to a direct fan-out), not of throughput, which the scenarios above measure.
const LATENCY_CONNECTIONS = Number(option('latency-connections') ?? 4);
const LOG_LEVEL = option('log-level');
const CPU_PROF_DIR = option('cpu-prof');
const NODE_ARGS = (option('node-args') ?? '').split(/\s+/).filter(Boolean);
const ONLY = option('only');
if (ONLY !== undefined && !['cold', 'latency', 'warm'].includes(ONLY))
  throw new Error(`--only takes cold, latency or warm, not ${ONLY}`);
const runs = (group: 'cold' | 'latency' | 'warm') => ONLY === undefined || ONLY === group;

const TARGETS = {
  cold1CpuMs: 1.0,
  perCallCpuMs: 0.08,
  warm1CpuMs: 0.35,
  peakRssMiB: 150,
  readyMs: 500,
  p50Ratio: 1.05,
  p99Ratio: 1.15,
};

const HERE = __dirname; // dist-bench/bench
const GATEWAY_ENTRY = path.join(HERE, '..', 'src', 'index.js');
const child = (name: string) => path.join(HERE, 'throughput', `${name}.js`);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const log = (line: string) => process.stderr.write(`${line}\n`);

// --- processes ----------------------------------------------------------------------------------------------

const running = new Set<ChildProcess>();
const stopping = new WeakSet<ChildProcess>();

/** A child that exits when it was not asked to stops the whole benchmark. */
function watch(proc: ChildProcess, name: string, stderrTail: () => string = () => ''): void {
  running.add(proc);
  proc.on('exit', (code, signal) => {
    running.delete(proc);
    if (stopping.has(proc) && (code === 0 || signal === 'SIGTERM')) return;
    log(`\n${name} (pid ${proc.pid}) exited unexpectedly: code ${code}, signal ${signal}`);
    const tail = stderrTail();
    if (tail) log(`its stderr:\n${tail}`);
    abort();
  });
}

// However the benchmark ends, no child outlives it.
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

function abort(): never {
  for (const proc of running) {
    stopping.add(proc);
    proc.kill('SIGKILL');
  }
  process.exit(1);
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  stopping.add(proc);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  return exited;
}

function tailOf(stream: NodeJS.ReadableStream | null): () => string {
  let tail = '';
  stream?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  });
  return () => tail;
}

function readCpu(pid: number): ProcCpu {
  return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

function peakRssMiB(pid: number): number {
  return parseProcStatus(fs.readFileSync(`/proc/${pid}/status`, 'utf8')).peakRssBytes / 2 ** 20;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const nextMessage = <T>(proc: ChildProcess, accept: (m: T) => boolean): Promise<T> =>
  new Promise((resolve) => {
    const listener = (message: T) => {
      if (!accept(message)) return;
      proc.off('message', listener);
      resolve(message);
    };
    proc.on('message', listener);
  });

// --- the stub HMRC ------------------------------------------------------------------------------------------

interface StubHandle {
  readonly proc: ChildProcess;
  readonly url: string;
  command(
    c: StubCommand extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never,
  ): Promise<{ calls: number; urls: string[] }>;
}

async function startStub(): Promise<StubHandle> {
  const proc = fork(child('stub-hmrc'), ['--delay', '0'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  watch(proc, 'stub HMRC', tailOf(proc.stderr));
  const { url } = (await nextMessage<StubMessage>(proc, (m) => m.type === 'listening')) as { url: string };
  let id = 0;
  return {
    proc,
    url,
    async command(c) {
      const sent = { ...c, id: ++id };
      const reply = nextMessage<StubMessage>(proc, (m) => m.type === 'reply' && m.id === sent.id);
      proc.send(sent);
      return (await reply) as { calls: number; urls: string[] };
    },
  };
}

// --- the gateway --------------------------------------------------------------------------------------------

/** Production's settings (README, Production checklist), with a budget that never binds and the stub as HMRC. */
function gatewayEnv(stubUrl: string, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    HMRC_BASE_URL: stubUrl,
    HMRC_ENVIRONMENT: 'production',
    HMRC_RATE_LIMIT_RPS: '100000',
    CORS_ORIGINS: 'https://app.example.com',
    GOV_VENDOR_PUBLIC_IP: '203.0.113.6',
    GOV_VENDOR_PRODUCT_NAME: 'hmrc-graphql-gateway-bench',
    GOV_VENDOR_LICENSE_IDS: 'hmrc-graphql-gateway-bench=8D7963490527D337',
    // The load generator stands in for the load balancer: it sets X-Forwarded-For and X-Client-Port.
    TRUSTED_PROXIES: '127.0.0.1',
    FRAUD_CLIENT_PORT_HEADER: 'x-client-port',
    FRAUD_HEADERS_MODE: 'enforce',
    OBJECT_ID_SECRET: 'bench-object-id-secret-0123456789abcdefghij',
    SHUTDOWN_GRACE_MS: '2000',
    ...(LOG_LEVEL ? { LOG_LEVEL } : {}),
    ...extra,
  };
}

interface GatewayHandle {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly url: string;
  readonly readyMs: number;
  readonly logPath: string;
}

async function startGateway(name: string, env: Record<string, string>): Promise<GatewayHandle> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const logPath = path.join(os.tmpdir(), `bench-throughput-gateway-${name}.log`);
  const logFd = fs.openSync(logPath, 'w');
  // Only these variables, and PATH: nothing of the caller's environment (CI exports REDIS_URL) leaks in.
  const fullEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...env,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
  };
  const started = performance.now();
  const profiling = CPU_PROF_DIR
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`,
        `--cpu-prof-name=gateway-${name}.cpuprofile`,
      ]
    : [];
  const proc = spawn(process.execPath, [...NODE_ARGS, ...profiling, GATEWAY_ENTRY], {
    env: fullEnv,
    stdio: ['ignore', logFd, 'pipe'],
  });
  fs.closeSync(logFd);
  watch(proc, `gateway (${name})`, tailOf(proc.stderr));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = started + 30_000;
  while (!(await readyz(origin))) {
    if (performance.now() > deadline)
      throw new Error(`gateway (${name}) not ready after 30 s; log: ${logPath}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const readyMs = performance.now() - started;
  return { proc, pid: proc.pid!, url: `${origin}/graphql`, readyMs, logPath };
}

// --- the floors ---------------------------------------------------------------------------------------------

interface FloorHandle {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly origin: string;
}

/** A floor server (throughput/floor.ts), in its own process, with NODE_ENV=production as the gateway has. */
async function startFloor(mode: 'fan-out' | 'apollo', setup?: object): Promise<FloorHandle> {
  const proc = spawn(process.execPath, [child('floor'), mode], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  watch(proc, `floor (${mode})`, tailOf(proc.stderr));
  if (setup) proc.stdin.write(`${JSON.stringify(setup)}\n`);
  const port = await new Promise<string>((resolve) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
  });
  return { proc, pid: proc.pid!, origin: `http://127.0.0.1:${port}` };
}

function readyz(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${origin}/readyz`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

/**
 * Lines the gateway logged at warn or above (pino levels 40+) inside a measured window: there should be none.
 * (Outside them, a warm-up's cut-off requests log their aborted HMRC calls.)
 */
function warnings(logPath: string): string[] {
  return fs
    .readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => {
      if (!/"level":[4-6]\d/.test(line)) return false;
      const time = Number(/"time":(\d+)/.exec(line)?.[1]);
      return windows.some(([from, to]) => time >= from && time <= to);
    });
}

// --- checks and measurements --------------------------------------------------------------------------------

/** One request by hand: 200, data, no errors, and exactly `expectedCalls` calls reached the stub. */
async function sample(
  gateway: GatewayHandle,
  stub: StubHandle,
  query: BenchQuery,
  token: string,
  expectedCalls: number,
): Promise<{ bytes: number; urls: string[] }> {
  const before = await stub.command({ type: 'reset-urls' });
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { ...requestHeaders(), authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: query.query }),
  });
  const text = await response.text();
  const after = await stub.command({ type: 'stats' });
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  const problems = [
    ...(response.status === 200 ? [] : [`HTTP ${response.status}`]),
    ...(body.data ? [] : ['no data']),
    ...(body.errors?.length ? [`errors: ${JSON.stringify(body.errors).slice(0, 600)}`] : []),
    ...(after.calls - before.calls === expectedCalls
      ? []
      : [`${after.calls - before.calls} HMRC calls, expected ${expectedCalls}`]),
  ];
  if (problems.length > 0) throw new Error(`${query.label} sample request: ${problems.join('; ')}`);
  return { bytes: Buffer.byteLength(text), urls: after.urls };
}

interface Measured {
  readonly result: LoadResult;
  /** Gateway CPU in the window, ms (undefined without a gateway). */
  readonly gatewayCpuMs: number | undefined;
  readonly stubCpuMs: number;
  readonly stubCalls: number;
  readonly windowSeconds: number;
}

async function measure(
  job: GatewayJob | FanOutJob,
  gateway: { readonly pid: number } | undefined,
  stub: StubHandle,
) {
  const proc = fork(child(job.kind === 'gateway' ? 'load' : 'fan-out'), [], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  watch(proc, `load generator (${job.kind})`, tailOf(proc.stderr));
  const warmed = nextMessage<ChildMessage>(proc, (m) => m.type === 'warmed');
  proc.send({ type: 'job', job } satisfies ParentMessage);
  await warmed;
  // The warm-up's last requests were cut off; whatever the gateway still does for them is not this window's.
  if (gateway) await idle(gateway.pid);
  const done = nextMessage<ChildMessage>(proc, (m) => m.type === 'result');
  windows.push([Date.now(), Infinity]);
  const cpu0 = gateway && readCpu(gateway.pid);
  const stubCpu0 = readCpu(stub.proc.pid!);
  const calls0 = (await stub.command({ type: 'stats' })).calls;
  const t0 = performance.now();
  proc.send({ type: 'go' } satisfies ParentMessage);
  const { result } = (await done) as { result: LoadResult };
  const cpu1 = gateway && readCpu(gateway.pid);
  const stubCpu1 = readCpu(stub.proc.pid!);
  const windowSeconds = (performance.now() - t0) / 1000;
  const calls1 = (await stub.command({ type: 'stats' })).calls;
  windows[windows.length - 1]![1] = Date.now();
  await stop(proc);
  const failures = result.non2xx + result.errors + result.badBodies;
  if (failures > 0 || result.completed === 0)
    throw new Error(
      `${job.kind} run failed: ${result.completed} completed, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.badBodies} GraphQL errors`,
    );
  return {
    result,
    gatewayCpuMs: cpu0 && cpu1 ? cpuMs(cpu0, cpu1, CLK_TCK) : undefined,
    stubCpuMs: cpuMs(stubCpu0, stubCpu1, CLK_TCK),
    stubCalls: calls1 - calls0,
    windowSeconds,
  } satisfies Measured;
}

/** Until the process used at most one clock tick in each of two consecutive 50 ms (at most 10 s). */
async function idle(pid: number): Promise<void> {
  const deadline = performance.now() + 10_000;
  let quiet = 0;
  let last = readCpu(pid);
  while (quiet < 2 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = readCpu(pid);
    quiet = cpuMs(last, now, CLK_TCK) <= 1000 / CLK_TCK ? quiet + 1 : 0;
    last = now;
  }
}

/** The measured windows, [from, to] in epoch ms, to tell the gateway's log lines in them from the rest. */
const windows: Array<[number, number]> = [];

function gatewayJob(
  gateway: GatewayHandle,
  query: BenchQuery,
  token?: string,
  connections = CONNECTIONS,
): GatewayJob {
  return {
    kind: 'gateway',
    url: gateway.url,
    headers: requestHeaders(),
    body: JSON.stringify({ query: query.query }),
    ...(token === undefined ? {} : { token }),
    connections,
    warmupSeconds: WARMUP,
    seconds: SECONDS,
  };
}

/** The load generator's job against a floor: the same connections, warm-up and window as the gateway's. */
function floorJob(url: string, body: string): GatewayJob {
  return {
    kind: 'gateway',
    url,
    headers: requestHeaders(),
    body,
    connections: CONNECTIONS,
    warmupSeconds: WARMUP,
    seconds: SECONDS,
  };
}

// --- report -------------------------------------------------------------------------------------------------

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

interface Row {
  readonly name: string;
  readonly calls: number;
  readonly m: Measured;
}

async function main(): Promise<void> {
  log(
    `bench:throughput: ${SHORT ? 'short, ' : ''}${WARMUP} s warm-up + ${SECONDS} s per scenario, ${CONNECTIONS} connections`,
  );
  const loadAtStart = os.loadavg()[0]!;
  const stub = await startStub();
  const rows: Row[] = [];
  const starts: Array<[string, number]> = [];
  const logs: string[] = [];

  // Cold: no response cache, and a new caller per request (the gateway coalesces one caller's identical reads).
  const coldEnv = gatewayEnv(stub.url, { CACHE_MAX_ENTRIES: '0' });
  const cold = await startGateway('cold', coldEnv);
  starts.push(['cold', cold.readyMs]);
  logs.push(cold.logPath);
  const one = await sample(cold, stub, ONE_YEAR, 'bench-sample-1-0123456789abcdef', ONE_YEAR.hmrcCalls);
  const seven = await sample(cold, stub, SEVEN_YEAR, 'bench-sample-7-0123456789abcdef', SEVEN_YEAR.hmrcCalls);
  for (const [name, query] of runs('cold')
    ? ([
        ['cold 1 year', ONE_YEAR],
        ['cold 7 years', SEVEN_YEAR],
      ] as const)
    : []) {
    log(`  ${name} …`);
    rows.push({
      name,
      calls: query.hmrcCalls,
      m: await measure(gatewayJob(cold, query), cold, stub),
    });
  }
  const coldPeakRss = peakRssMiB(cold.pid);
  if (runs('cold')) {
    // The cold path's floor: the same HMRC calls (the paths the gateway sent) through node:http and undici alone.
    const floor = await startFloor('fan-out', { stubUrl: stub.url, paths: { 1: one.urls, 7: seven.urls } });
    for (const [name, years, query] of [
      ['floor 1 year', '1', ONE_YEAR],
      ['floor 7 years', '7', SEVEN_YEAR],
    ] as const) {
      log(`  ${name} (node:http + undici only) …`);
      rows.push({
        name,
        calls: query.hmrcCalls,
        m: await measure(
          floorJob(`${floor.origin}/${years}`, JSON.stringify({ query: query.query })),
          floor,
          stub,
        ),
      });
    }
    await stop(floor.proc);
  }

  // Latency: the stub answers each call after DELAY_MS; the gateway's 1-year query next to the same GETs sent at
  // once straight to the stub, with the gateway's default per-request concurrency and connection pool, then with
  // neither limiting.
  const latency: Array<{ name: string; m: Measured }> = [];
  let direct: Measured | undefined;
  if (runs('latency')) {
    await stub.command({ type: 'delay', ms: DELAY_MS });
    log(`  latency, gateway defaults …`);
    await sample(cold, stub, ONE_YEAR, 'bench-sample-1-0123456789abcdef', ONE_YEAR.hmrcCalls);
    latency.push({
      name: `gateway, defaults (${DEFAULT_MAX_CONCURRENCY_PER_REQUEST} calls at once per request, ${DEFAULT_MAX_CONNECTIONS} connections)`,
      m: await measure(gatewayJob(cold, ONE_YEAR, undefined, LATENCY_CONNECTIONS), cold, stub),
    });
  }
  await stop(cold.proc);
  if (runs('latency')) {
    const wide = await startGateway(
      'wide',
      gatewayEnv(stub.url, {
        CACHE_MAX_ENTRIES: '0',
        HMRC_MAX_CONCURRENCY_PER_REQUEST: '64',
        HMRC_MAX_CONNECTIONS: '256',
      }),
    );
    starts.push(['wide', wide.readyMs]);
    logs.push(wide.logPath);
    log(`  latency, gateway without per-request limits …`);
    await sample(wide, stub, ONE_YEAR, 'bench-sample-1-0123456789abcdef', ONE_YEAR.hmrcCalls);
    latency.push({
      name: 'gateway, 64 calls at once per request, 256 connections',
      m: await measure(gatewayJob(wide, ONE_YEAR, undefined, LATENCY_CONNECTIONS), wide, stub),
    });
    await stop(wide.proc);
    log(`  latency, direct fan-out …`);
    direct = await measure(
      {
        kind: 'fan-out',
        urls: one.urls.map((u) => `${stub.url}${u}`),
        headers: { authorization: 'Bearer bench-direct-0123456789abcdef', accept: 'application/json' },
        connections: LATENCY_CONNECTIONS,
        warmupSeconds: WARMUP,
        seconds: SECONDS,
      },
      undefined,
      stub,
    );
    await stub.command({ type: 'delay', ms: 0 });
  }

  // Warm: the response cache on (the defaults), one caller repeating one query; the warm-up fills the cache.
  let warmPeakRss = NaN;
  if (runs('warm')) {
    const warm = await startGateway('warm', gatewayEnv(stub.url, {}));
    starts.push(['warm', warm.readyMs]);
    logs.push(warm.logPath);
    for (const [name, query, token] of [
      ['warm 1 year', ONE_YEAR, 'bench-warm-1-0123456789abcdef'],
      ['warm 7 years', SEVEN_YEAR, 'bench-warm-7-0123456789abcdef'],
    ] as const) {
      log(`  ${name} …`);
      await sample(warm, stub, query, token, query.hmrcCalls);
      await sample(warm, stub, query, token, 0);
      rows.push({ name, calls: 0, m: await measure(gatewayJob(warm, query, token), warm, stub) });
    }
    warmPeakRss = peakRssMiB(warm.pid);
    await stop(warm.proc);
    // The warm path's floor: any request through Express and Apollo Server, as the gateway mounts them.
    const floor = await startFloor('apollo');
    log('  floor, stack (Express + Apollo Server, { ok }) …');
    rows.push({
      name: 'floor, stack',
      calls: 0,
      m: await measure(floorJob(`${floor.origin}/graphql`, JSON.stringify({ query: '{ ok }' })), floor, stub),
    });
    await stop(floor.proc);
  }
  await stop(stub.proc);

  // --- print --------------------------------------------------------------------------------------------------
  const perQuery = (row: Row) => row.m.gatewayCpuMs! / row.m.result.completed;
  const byName = (name: string) => rows.find((r) => r.name === name);
  const perQueryOf = (name: string) => {
    const row = byName(name);
    return row ? perQuery(row) : NaN;
  };
  const cold1 = perQueryOf('cold 1 year');
  const cold7 = perQueryOf('cold 7 years');
  const perCall = (cold7 - cold1) / (SEVEN_YEAR.hmrcCalls - ONE_YEAR.hmrcCalls);
  const warm1 = perQueryOf('warm 1 year');
  const floor1 = perQueryOf('floor 1 year');
  const floorPerCall = (perQueryOf('floor 7 years') - floor1) / (SEVEN_YEAR.hmrcCalls - ONE_YEAR.hmrcCalls);
  const floorStack = perQueryOf('floor, stack');

  const out: string[] = [];
  const p = (line = '') => out.push(line);
  p();
  p(
    `Gateway throughput (${os.cpus().length} CPUs, shared; node ${process.version}; ${CONNECTIONS} connections; ` +
      `${WARMUP} s warm-up + ${SECONDS} s measured per scenario)`,
  );
  p(
    `Gateway: node ${NODE_ARGS.length ? `${NODE_ARGS.join(' ')} ` : ''}dist-bench/src/index.js, NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL ?? 'unset (info: one line per request, to a file)'}, ` +
      `metrics on METRICS_PORT, no tracing, HMRC_RATE_LIMIT_RPS=100000, fraud headers enforced; cold: CACHE_MAX_ENTRIES=0`,
  );
  p(
    `Queries: 1 year (${ONE_YEAR.query.length} B, ${ONE_YEAR.hmrcCalls} HMRC calls, ${one.bytes} B answer); ` +
      `7 years as 7 aliases (${SEVEN_YEAR.hmrcCalls} calls: ${yearsDescription()}; ${seven.bytes} B answer)`,
  );
  p(`CPU: utime + stime of the gateway process from /proc/<pid>/stat (CLK_TCK ${CLK_TCK}) over the window`);
  p(
    `Machine load average (1 min): ${f(loadAtStart, 1)} at the start, ${f(os.loadavg()[0]!, 1)} at the end ` +
      `(above ${os.cpus().length}, other work competes with the benchmark and every figure is worse for it)`,
  );
  p();
  p(
    'scenario       requests   req/s  CPU ms/query  gateway cores  HMRC calls/query  p50 ms   p99 ms  failed',
  );
  for (const row of rows) {
    const { result, gatewayCpuMs, stubCalls, windowSeconds } = row.m;
    p(
      `${row.name.padEnd(14)} ${String(result.completed).padStart(8)}  ${f(result.completed / result.seconds, 0).padStart(6)}  ${f(perQuery(row), 3).padStart(12)}  ` +
        `${f(gatewayCpuMs! / 1000 / windowSeconds).padStart(13)}  ${f(stubCalls / result.completed).padStart(16)}  ` +
        `${f(result.p50Ms, 1).padStart(6)}  ${f(result.p99Ms, 1).padStart(7)}  ${String(result.non2xx + result.errors + result.badBodies).padStart(6)}`,
    );
  }
  const coldCalls = byName('cold 1 year')?.m;
  p(
    `(gateway cores: its CPU time / the window's wall time (a floor's own, on its rows)` +
      (coldCalls
        ? `; the stub's own CPU: ${f(coldCalls.stubCpuMs / coldCalls.stubCalls, 3)} ms per HMRC call)`
        : ')'),
  );
  p();
  p('measure                                            result       target    ');
  // A measure of a group that did not run (--only) is left out.
  const line = (label: string, value: string, target: string, ok: boolean | undefined, note = '') =>
    !value.startsWith('—') &&
    p(
      `${label.padEnd(50)} ${value.padStart(10)}   ${target.padEnd(10)} ${ok === undefined ? '' : verdict(ok)}${note}`,
    );
  // Where a floor ran: the gateway's figure as a multiple of it, and whether the target lies below it (no
  // gateway doing more than the floor does could then meet it on this machine).
  const floorNote = (value: number, floor: number, target: number) =>
    Number.isFinite(floor)
      ? ` (${f(value / floor, 1)}× the floor${target < floor ? '; the target is below the floor' : ''})`
      : '';
  line(
    'cold, CPU per 1-year query',
    `${f(cold1, 3)} ms`,
    `≤ ${TARGETS.cold1CpuMs} ms`,
    cold1 <= TARGETS.cold1CpuMs,
    floorNote(cold1, floor1, TARGETS.cold1CpuMs),
  );
  line(
    `cold, CPU per additional HMRC call (7y − 1y) / ${SEVEN_YEAR.hmrcCalls - ONE_YEAR.hmrcCalls}`,
    `${f(perCall, 3)} ms`,
    `≤ ${TARGETS.perCallCpuMs} ms`,
    perCall <= TARGETS.perCallCpuMs,
    floorNote(perCall, floorPerCall, TARGETS.perCallCpuMs),
  );
  line(
    'warm, CPU per 1-year query',
    `${f(warm1, 3)} ms`,
    `≤ ${TARGETS.warm1CpuMs} ms`,
    warm1 <= TARGETS.warm1CpuMs,
    floorNote(warm1, floorStack, TARGETS.warm1CpuMs),
  );
  line('warm, CPU per 7-year query', `${f(perQueryOf('warm 7 years'), 3)} ms`, '', undefined);
  line('floor, cold 1 year (node:http + undici only)', `${f(floor1, 3)} ms`, '', undefined);
  line('floor, per additional HMRC call', `${f(floorPerCall, 3)} ms`, '', undefined);
  line('floor, stack (Express + Apollo Server, { ok })', `${f(floorStack, 3)} ms`, '', undefined);
  line(
    'peak RSS, cold gateway (VmHWM)',
    `${f(coldPeakRss, 0)} MiB`,
    `≤ ${TARGETS.peakRssMiB} MiB`,
    coldPeakRss <= TARGETS.peakRssMiB,
  );
  line('peak RSS, warm gateway (VmHWM)', `${f(warmPeakRss, 0)} MiB`, '', undefined);
  for (const [name, ms] of starts)
    line(
      `start to /readyz 200, ${name} gateway`,
      `${f(ms, 0)} ms`,
      `< ${TARGETS.readyMs} ms`,
      ms < TARGETS.readyMs,
    );
  if (direct) {
    const baseline = direct;
    p();
    p(
      `Latency, 1-year query, stub answering each call in ${DELAY_MS} ms, ${LATENCY_CONNECTIONS} concurrent clients ` +
        `(direct: the same ${one.urls.length} GETs at once, straight to the stub)`,
    );
    p(`${'client'.padEnd(58)}  req/s   p50 ms   p99 ms  p50 ×  p99 ×`);
    const row = (name: string, m: Measured, ratios: boolean) => {
      const r50 = m.result.p50Ms / baseline.result.p50Ms;
      const r99 = m.result.p99Ms / baseline.result.p99Ms;
      p(
        `${name.padEnd(58)} ${f(m.result.completed / m.result.seconds, 0).padStart(6)}  ${f(m.result.p50Ms, 1).padStart(7)}  ` +
          `${f(m.result.p99Ms, 1).padStart(7)}` +
          (ratios ? `  ${f(r50).padStart(5)}  ${f(r99).padStart(5)}` : ''),
      );
      return { r50, r99 };
    };
    row('direct fan-out', direct, false);
    const ratios = latency.map(({ name, m }) => ({ name, ...row(name, m, true) }));
    for (const { name, r50, r99 } of ratios) {
      const short = name.includes('defaults') ? 'gateway defaults' : 'gateway, no per-request limits';
      line(`${short}: p50 / direct p50`, `${f(r50)}×`, `≤ ${TARGETS.p50Ratio}×`, r50 <= TARGETS.p50Ratio);
      line(`${short}: p99 / direct p99`, `${f(r99)}×`, `≤ ${TARGETS.p99Ratio}×`, r99 <= TARGETS.p99Ratio);
    }
  }
  const logged = logs.flatMap(warnings);
  p();
  p(
    logged.length === 0
      ? 'The gateways logged nothing at warn or above.'
      : `The gateways logged ${logged.length} lines at warn or above, e.g. ${logged[0]!.slice(0, 300)}`,
  );
  console.log(out.join('\n'));
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  abort();
});
