/**
 * handleShutdownSignals with injected signals and exit: close steps run newest first, each bounded in time; a
 * failing or overrunning step makes the exit code 1; a second signal exits at once with 128 + its number.
 */
import { EventEmitter } from 'node:events';
import { handleShutdownSignals } from '../../src/shutdown';
import { silentLogger } from '../../src/util/logger';

function setup(closeTimeoutMs = 1_000) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const shutdown = handleShutdownSignals({
    logger: silentLogger(),
    graceMs: 50,
    closeTimeoutMs,
    exit: (code) => exits.push(code),
    signals,
  });
  return { signals, exits, shutdown };
}

it('closes newest first, drain included, then exits 0', async () => {
  const { exits, shutdown } = setup();
  const order: string[] = [];
  shutdown.register('simulator', () => Promise.resolve(void order.push('simulator')));
  shutdown.register('redis', () => Promise.resolve(void order.push('redis')));
  shutdown.register('gateway', () => Promise.resolve(void order.push('gateway')), { drain: true });
  await shutdown.shutdown('SIGTERM');
  expect(order).toEqual(['gateway', 'redis', 'simulator']);
  expect(exits).toEqual([0]);
  shutdown.dispose();
});

it('goes on past a failing or hanging step, and exits 1', async () => {
  const { exits, shutdown } = setup(20);
  const order: string[] = [];
  shutdown.register('last', () => Promise.resolve(void order.push('last')));
  shutdown.register('hangs', () => new Promise<void>(() => undefined));
  shutdown.register('fails', () => Promise.reject(new Error('boom')));
  await shutdown.shutdown('SIGTERM');
  expect(order).toEqual(['last']);
  expect(exits).toEqual([1]);
  shutdown.dispose();
});

it('runs once for the first signal; a second exits at once with 128 + its number', async () => {
  const { signals, exits, shutdown } = setup();
  let release!: () => void;
  shutdown.register('gateway', () => new Promise<void>((resolve) => (release = resolve)), { drain: true });
  signals.emit('SIGTERM');
  signals.emit('SIGINT');
  expect(exits).toEqual([130]);
  signals.emit('SIGTERM');
  expect(exits).toEqual([130, 143]);
  release();
  await shutdown.shutdown('SIGTERM');
  expect(exits).toEqual([130, 143, 0]);
  shutdown.dispose();
  expect(signals.listenerCount('SIGTERM')).toBe(0);
});
