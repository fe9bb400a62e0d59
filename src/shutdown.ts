/**
 * Graceful shutdown on SIGTERM and SIGINT.
 *
 * The first signal stops accepting connections and lets in-flight requests finish (the gateway's drain, bounded
 * by `SHUTDOWN_GRACE_MS`), then closes what was opened, newest first: the HMRC client, Redis, the simulator. Then
 * the process exits with 0 (1 if a step failed or overran). A second signal exits at once (128 + the signal's
 * number, as a shell reports a process killed by it): whoever sends it wants the process gone now.
 *
 * The exit is always an explicit `process.exit`, never a re-raised signal: in a container node is PID 1, and the
 * kernel does not apply a signal's default action (terminate) to PID 1, so `podman stop` would wait out its
 * timeout and SIGKILL the process instead of seeing exit 0.
 *
 * Handlers are installed before anything starts, so that a signal during start-up is handled too (PID 1
 * without a handler would ignore it); each resource registers its close step as soon as it exists.
 */
import { constants } from 'node:os';
import type { Logger } from './util/logger';
import { TIMED_OUT, withinTime } from './util/timeout';

export interface ShutdownOptions {
  readonly logger: Logger;
  /** How long the drain of in-flight requests may take (the gateway's own drain uses the same bound). */
  readonly graceMs: number;
  /** Bound on every other close step (default 5 s). */
  readonly closeTimeoutMs?: number;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => void;
  /** Default `process`. */
  readonly signals?: Pick<NodeJS.EventEmitter, 'on' | 'removeListener'>;
}

export interface Shutdown {
  /**
   * Adds a close step; steps run newest first. `drain: true` marks the step that waits for in-flight requests,
   * which may take the whole grace (plus the close timeout, for the closing itself).
   */
  register(name: string, close: () => Promise<void>, options?: { drain?: boolean }): void;
  /** Runs the shutdown as the first signal would (resolves when done, before `exit` is called). */
  shutdown(signal: NodeJS.Signals): Promise<void>;
  /** Removes the signal handlers (tests). */
  dispose(): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function handleShutdownSignals(options: ShutdownOptions): Shutdown {
  const { logger, graceMs } = options;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  const steps: Array<{ name: string; close: () => Promise<void>; timeoutMs: number }> = [];
  let running: Promise<void> | undefined;

  const run = async (signal: NodeJS.Signals): Promise<void> => {
    logger.info({ signal, graceMs }, 'Shutting down: no new connections, draining in-flight requests');
    let failed = false;
    for (const step of [...steps].reverse()) {
      try {
        const outcome = await withinTime(step.close(), step.timeoutMs);
        if (outcome === TIMED_OUT) {
          failed = true;
          logger.error(
            { step: step.name, timeoutMs: step.timeoutMs },
            'Shutdown step did not finish in time',
          );
        }
      } catch (error) {
        failed = true;
        logger.error(
          { step: step.name, reason: error instanceof Error ? error.name : typeof error },
          'Shutdown step failed',
        );
      }
    }
    logger.info({ exitCode: failed ? 1 : 0 }, 'Shut down');
    exit(failed ? 1 : 0);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      logger.warn({ signal }, 'Second signal: exiting now');
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    running = run(signal);
  };
  const handlers = SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, handler] of handlers) signals.on(signal, handler);

  return {
    register(name, close, stepOptions = {}) {
      steps.push({ name, close, timeoutMs: stepOptions.drain ? graceMs + closeTimeoutMs : closeTimeoutMs });
    },
    shutdown(signal) {
      running ??= run(signal);
      return running;
    },
    dispose() {
      for (const [signal, handler] of handlers) signals.removeListener(signal, handler);
    },
  };
}
