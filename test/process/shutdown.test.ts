/**
 * Shutdown of the real gateway process (`node dist/index.js`, built once if dist/ is older than src/): SIGTERM
 * and SIGINT stop accepting, let an in-flight request finish, close everything and exit 0; a second signal exits
 * at once; a request still running when the grace ends is cut and the process still exits; and as PID 1 of its
 * own PID namespace (as in a container) SIGTERM still ends it with 0.
 *
 * The upstream is a stub that holds each request until the test releases it, so nothing depends on timing.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import { waitFor } from '../helpers/wait';

const ROOT = path.join(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/index.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Compiles src/ to dist/ unless dist/ is already newer (type checking is tsc --noEmit's job, not this one's). */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(ENTRY).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > newestMtime(path.join(ROOT, 'src'))) return;
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
}

/** An upstream that holds every request until `release()`, then answers 404 (HMRC's "no data"). */
async function heldUpstream() {
  const waiting: Array<() => void> = [];
  const arrivals: Array<() => void> = [];
  let count = 0;
  const server = http.createServer((_req, res) => {
    count++;
    arrivals.splice(0).forEach((notify) => notify());
    waiting.push(() => {
      if (res.destroyed) return;
      res
        .writeHead(404, { 'content-type': 'application/json', 'x-correlationid': 'held' })
        .end(JSON.stringify({ code: 'MATCHING_RESOURCE_NOT_FOUND', message: 'Matching resource not found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves once a request has arrived (at once if one has). */
    arrived: () => (count > 0 ? Promise.resolve() : new Promise<void>((resolve) => arrivals.push(resolve))),
    release: () => waiting.splice(0).forEach((answer) => answer()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Running {
  readonly child: ChildProcess;
  /** The process to signal: node itself (inside `unshare`, its child). */
  readonly pid: number;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a log line containing `text` appears. */
  logged(text: string): Promise<void>;
  output(): string;
}

async function startGateway(
  upstream: string,
  env: Record<string, string> = {},
  wrapper: string[] = [],
): Promise<Running> {
  const command = wrapper.length > 0 ? wrapper[0]! : process.execPath;
  const args = wrapper.length > 0 ? [...wrapper.slice(1), process.execPath, ENTRY] : [ENTRY];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      HMRC_BASE_URL: upstream,
      HMRC_ENVIRONMENT: 'sandbox',
      HMRC_RATE_LIMIT_RPS: '1000',
      SHUTDOWN_GRACE_MS: '60000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers: Array<{ text: string; resolve: () => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const watcher of [...watchers])
      if (output.includes(watcher.text)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const logged = (text: string) =>
    output.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          watchers.push({ text, resolve });
          void exited.then(() => reject(new Error(`exited before logging "${text}":\n${output}`)));
        });
  await logged('Gateway ready at');
  const url = /Gateway ready at (http:\/\/\S+?\/graphql)/.exec(output)![1]!;
  let pid = child.pid!;
  if (wrapper.length > 0) {
    // `unshare --fork` runs node as its child; signal node itself.
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    pid = Number(children[0]);
  }
  return { child, pid, url, exited, logged, output: () => output };
}

const QUERY = `{ taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }`;

function query(url: string): Promise<{ status: number; body: any }> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer shutdown-test-token' },
    body: JSON.stringify({ query: QUERY }),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

/** Whether a new connection to `url` is refused. */
function refusesConnections(url: string): Promise<boolean> {
  return fetch(url.replace('/graphql', '/healthz')).then(
    () => false,
    () => true,
  );
}

jest.setTimeout(180_000);

beforeAll(() => ensureBuilt(), 170_000);

let upstream: Awaited<ReturnType<typeof heldUpstream>>;
let running: Running | undefined;
beforeEach(async () => {
  upstream = await heldUpstream();
});
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
  await upstream.close();
});

it.each(['SIGTERM', 'SIGINT'] as const)(
  '%s: stops accepting, lets the in-flight request finish, then exits 0',
  async (signal) => {
    running = await startGateway(upstream.url);
    const inFlight = query(running.url);
    await upstream.arrived();

    process.kill(running.pid, signal);
    await running.logged('Shutting down');
    // Draining: the listener is closed while the request is still held upstream.
    // Waited for with the shared deadline (15 s), not 200 polls of 10 ms, which a loaded machine can run through
    // before the child process is scheduled at all.
    const { url } = running;
    await waitFor(() => refusesConnections(url), 'the gateway to stop accepting connections');
    expect(running.child.exitCode).toBeNull();

    upstream.release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(running.output()).toContain('"exitCode":0');
  },
);

it('exits 0 at once when nothing is in flight', async () => {
  running = await startGateway(upstream.url);
  process.kill(running.pid, 'SIGTERM');
  expect(await running.exited).toEqual({ code: 0, signal: null });
});

it('a second signal exits at once, without waiting for the drain', async () => {
  running = await startGateway(upstream.url, { SHUTDOWN_GRACE_MS: '600000' });
  const inFlight = query(running.url).then(
    () => 'answered',
    () => 'failed',
  );
  await upstream.arrived();
  process.kill(running.pid, 'SIGTERM');
  await running.logged('Shutting down');
  process.kill(running.pid, 'SIGINT');
  // 128 + SIGINT's number, as a shell reports it; not 0: the drain did not finish.
  expect(await running.exited).toEqual({ code: 130, signal: null });
  expect(running.output()).toContain('Second signal');
  expect(await inFlight).toBe('failed');
});

it('cuts a request still running when the grace ends, and still exits 0', async () => {
  running = await startGateway(upstream.url, { SHUTDOWN_GRACE_MS: '300' });
  const inFlight = query(running.url).then(
    () => 'answered',
    () => 'failed',
  );
  await upstream.arrived();
  process.kill(running.pid, 'SIGTERM');
  expect(await running.exited).toEqual({ code: 0, signal: null });
  expect(await inFlight).toBe('failed');
});

// In a container node is PID 1, and the kernel ignores a signal's default action for PID 1: an exit that relied
// on re-raising the signal would never happen. `unshare --pid` gives the same situation without a container.
const canUnshare =
  process.platform === 'linux' &&
  spawnSync('unshare', ['--fork', '--pid', '--mount-proc', 'true'], { stdio: 'ignore' }).status === 0;
(canUnshare ? it : it.skip)(
  'as PID 1 of its PID namespace (a container), SIGTERM drains and exits 0',
  async () => {
    running = await startGateway(upstream.url, {}, ['unshare', '--fork', '--pid', '--mount-proc']);
    const status = readFileSync(`/proc/${running.pid}/status`, 'utf8');
    expect(/^NSpid:\s+\d+\s+1$/m.test(status)).toBe(true);
    const inFlight = query(running.url);
    await upstream.arrived();
    process.kill(running.pid, 'SIGTERM');
    await running.logged('Shutting down');
    upstream.release();
    expect((await inFlight).status).toBe(200);
    // unshare exits with its child's status.
    expect(await running.exited).toEqual({ code: 0, signal: null });
  },
);
