/**
 * Entry point, and (with src/simulator/main.ts) the only module that reads `process.env`: load the configuration,
 * build the gateway with `buildGateway` (src/app.ts: stores, HMRC budget, client, the embedded simulator when no
 * `HMRC_BASE_URL` is set), serve, and shut everything down cleanly on SIGINT/SIGTERM (src/shutdown.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { buildGateway } from './app';
import { ConfigError, loadConfig } from './config';
import { handleShutdownSignals } from './shutdown';
import { createLogger } from './util/logger';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before collecting again:
 * 1.4×, where V8's own choice under a steady stream of requests approaches 4×. A request's objects live for its
 * whole length (tens to hundreds of milliseconds), so under load many outlive the young generation and are
 * promoted; with V8's factor the heap then swelled to about 270 MiB of RSS for some 45 MiB of live objects in
 * the throughput benchmark's cold run (`npm run bench:throughput`), and with this one it stays near 170 MiB for
 * the same CPU per query. V8 reads the factor at each collection, so setting it here, before anything is
 * allocated for requests, takes effect (a command-line flag would not reach `npm start`, the Dockerfile and the
 * benchmark alike; Node does not accept this one in NODE_OPTIONS).
 */
const HEAP_GROWING_PERCENT = 40;
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  // Before anything starts, so that a signal during start-up is handled too (see src/shutdown.ts).
  const shutdown = handleShutdownSignals({ logger, graceMs: config.shutdownGraceMs });
  if (config.env === 'production' && config.graphql.objectIdSecret === undefined) {
    logger.warn(
      'OBJECT_ID_SECRET is unset: object ids use the public built-in key (pseudonymous, not private)',
    );
  }
  const { gateway, client, stores, simulator, observability } = await buildGateway(config, { logger });
  // Run newest first: drain the gateway, then the HMRC client, telemetry, Redis, the simulator.
  if (simulator) shutdown.register('simulator', () => simulator.close());
  shutdown.register('redis', () => stores.close());
  shutdown.register('telemetry', () => observability.close());
  shutdown.register('hmrc client', () => client.close());
  shutdown.register(
    'gateway',
    () => {
      // /readyz answers 503 from here on, so load balancers stop sending new requests while these finish.
      gateway.setDraining();
      return gateway.stop();
    },
    { drain: true },
  );
  const url = await gateway.listen(config.port, config.host);
  const metricsUrl = await observability.listenMetrics(config.host);
  if (metricsUrl) logger.info({ metricsUrl }, 'Metrics served on their own port');
  logger.info(
    { url, upstream: simulator ? 'simulator' : 'hmrc', sandbox: config.hmrc.sandbox },
    `Gateway ready at ${url}`,
  );
}

main().catch((error: unknown) => {
  // The logger may not exist yet (a configuration error), so this one message goes straight to stderr.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Gateway failed to start: ${String(error)}`}\n`,
  );
  process.exit(1);
});
