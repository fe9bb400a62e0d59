/**
 * Entry point, and (with src/simulator/main.ts) the only module that reads `process.env`: load the configuration,
 * build the gateway with `buildGateway` (src/app.ts: stores, HMRC budget, client, the embedded simulator when no
 * `HMRC_BASE_URL` is set), serve, and shut everything down cleanly on SIGINT/SIGTERM (src/shutdown.ts).
 */
import { buildGateway } from './app';
import { ConfigError, loadConfig } from './config';
import { handleShutdownSignals } from './shutdown';
import { createLogger } from './util/logger';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  // Before anything starts, so that a signal during start-up is handled too (see src/shutdown.ts).
  const shutdown = handleShutdownSignals({ logger, graceMs: config.shutdownGraceMs });
  const { gateway, client, stores, simulator } = await buildGateway(config, { logger });
  // Run newest first: drain the gateway, then the HMRC client, Redis, the simulator.
  if (simulator) shutdown.register('simulator', () => simulator.close());
  shutdown.register('redis', () => stores.close());
  shutdown.register('hmrc client', () => client.close());
  shutdown.register('gateway', () => gateway.stop(), { drain: true });
  const url = await gateway.listen(config.port, config.host);
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
