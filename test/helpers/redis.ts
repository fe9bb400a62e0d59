/**
 * Real Redis for tests.
 *
 * - `startRedis()` spawns a private `redis-server` on a free port (no persistence), waits until it answers PING,
 *   and can be stopped and started again on the same port, or frozen (SIGSTOP) — for tests of Redis going away
 *   mid-run.
 * - `sharedRedis()` is for tests that merely need a Redis: `REDIS_URL` when set (CI's shared instance), else a
 *   private one. Tests keep apart from other runs in a shared Redis with `uniqueId()` in their key prefixes and
 *   tokens.
 * - `describeRedis` runs a suite when Redis can be had; without a `redis-server` binary (and no `REDIS_URL`) it
 *   skips with a console note, unless `REQUIRE_REDIS=1`, in which case the suite runs and fails loudly.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createClient } from '@keyv/redis';
import type { RedisClientType } from '@keyv/redis';
import { WAIT_FOR_DEADLINE_MS } from './wait';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGKILL by default: a crash; `'SIGTERM'` for a clean shutdown) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  restart(): Promise<void>;
  /** Suspends the process (SIGSTOP): connections stay open but nothing is answered. */
  freeze(): void;
  /** Resumes a frozen process (SIGCONT). */
  thaw(): void;
}

export interface SharedRedis {
  readonly url: string;
  /** Stops the private server, if one was started (a `REDIS_URL` instance is left alone). */
  stop(): Promise<void>;
}

const REQUIRED = process.env.REQUIRE_REDIS === '1';
const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

let binaryFound: boolean | undefined;

/** Whether a `redis-server` binary can be run here. */
export function hasRedisServer(): boolean {
  if (binaryFound === undefined) {
    const probe = spawnSync(BINARY, ['--version'], { stdio: 'ignore', timeout: 5_000 });
    binaryFound = probe.error === undefined && probe.status === 0;
  }
  return binaryFound;
}

/** Whether Redis is available to tests: spawnable, or (for shared use) given by `REDIS_URL`. */
export function redisAvailable(options: { spawn?: boolean } = {}): boolean {
  return hasRedisServer() || (!options.spawn && process.env.REDIS_URL !== undefined);
}

/**
 * `describe` when Redis is available (or required); otherwise `describe.skip` with a note on the console.
 * `spawn: true` for suites that start and stop their own servers (a `REDIS_URL` alone is not enough for them).
 */
export function describeRedis(name: string, fn: () => void, options: { spawn?: boolean } = {}): void {
  if (redisAvailable(options) || REQUIRED) {
    describe(name, fn);
    return;
  }
  console.warn(
    `Skipping "${name}": no ${BINARY} binary found${options.spawn ? '' : ' and REDIS_URL is not set'} ` +
      '(set REQUIRE_REDIS=1 to make this a failure)',
  );
  describe.skip(name, fn);
}

/** A short random id, to keep one run's keys, tokens and queries apart from another's in a shared Redis. */
export function uniqueId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 12);
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

/** Sends PING over a raw socket; true when `+PONG` comes back within `timeoutMs`. */
export function ping(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

const running = new Set<ChildProcess>();
// A failing suite must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function spawnServer(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const failed = (error: Error) => {
      running.delete(child);
      reject(error);
    };
    child.once('error', (error) => failed(new Error(`Could not start ${BINARY}: ${error.message}`)));
    child.once('exit', (code) => failed(new Error(`${BINARY} exited with ${code ?? 'a signal'}: ${stderr}`)));
    running.add(child);
    // The shared deadline: a spawn on a loaded machine can take seconds before the server answers PING.
    waitFor(() => ping(port), WAIT_FOR_DEADLINE_MS, `${BINARY} on port ${port}`).then(
      () => resolve(child),
      (error: Error) => {
        child.kill('SIGKILL');
        failed(error);
      },
    );
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Spawns a private `redis-server` on a free port and waits until it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  if (!hasRedisServer()) {
    throw new Error(
      `Redis is needed (REQUIRE_REDIS=${process.env.REQUIRE_REDIS ?? ''}) but no ${BINARY} binary can be run`,
    );
  }
  let port = 0;
  let child: ChildProcess | undefined;
  // Another process may take the free port between probing and binding; try a few.
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    child = await spawnServer(port).catch((error: Error) => {
      if (attempt === 4) throw error;
      return undefined;
    });
  }
  let current = child!;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop(signal = 'SIGKILL') {
      if (current.signalCode === 'SIGSTOP' || current.exitCode === null) current.kill('SIGCONT');
      current.kill(signal);
      await exited(current);
      running.delete(current);
    },
    async restart() {
      current = await spawnServer(port);
    },
    freeze() {
      current.kill('SIGSTOP');
    },
    thaw() {
      current.kill('SIGCONT');
    },
  };
}

/**
 * A Redis for tests that do not stop it: `REDIS_URL` when set (it must answer), else a private server. Fails
 * when neither is possible.
 */
export async function sharedRedis(): Promise<SharedRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    const url = new URL(fromEnv);
    const client = await connectClient(fromEnv);
    try {
      const pong = await client.ping();
      if (pong !== 'PONG') throw new Error(`REDIS_URL ${url.host} answered PING with ${pong}`);
    } finally {
      client.destroy();
    }
    return { url: fromEnv, stop: () => Promise.resolve() };
  }
  const server = await startRedis();
  return { url: server.url, stop: () => server.stop('SIGTERM') };
}

/** A plain node-redis client for inspecting what the gateway stored (no reconnects: fails fast). */
export async function connectClient(url: string): Promise<RedisClientType> {
  const client = createClient({
    url,
    // No reconnects (fails fast on a Redis that is gone), but a connect slower than 2 s is not "gone" under load.
    socket: { connectTimeout: 10_000, reconnectStrategy: false },
  }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Every key matching `pattern`, by SCAN (never KEYS, which a shared Redis may disable). */
export async function scanKeys(client: RedisClientType, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
    keys.push(...batch);
  }
  return keys;
}
