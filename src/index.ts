/**
 * Entry point, and (with src/simulator/main.ts) the only module that reads `process.env`: load the configuration,
 * build the gateway with `buildGateway` (src/app.ts: stores, HMRC budget, client, the embedded simulator when no
 * `HMRC_BASE_URL` is set), serve, and shut everything down cleanly on SIGINT/SIGTERM.
 */
import { buildGateway } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './util/logger';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  if (config.env === 'production' && config.graphql.objectIdSecret === undefined) {
    logger.warn(
      'OBJECT_ID_SECRET is unset: object ids use the public built-in key (pseudonymous, not private)',
    );
  }
  const { gateway, client, stores, simulator } = await buildGateway(config, { logger });
  const url = await gateway.listen(config.port, config.host);
  logger.info(
    { url, upstream: simulator ? 'simulator' : 'hmrc', sandbox: config.hmrc.sandbox },
    `Gateway ready at ${url}`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down');
    void (async () => {
      await gateway.stop();
      await client.close();
      await stores.close();
      await simulator?.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // The logger may not exist yet (a configuration error), so this one message goes straight to stderr.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Gateway failed to start: ${String(error)}`}\n`,
  );
  process.exit(1);
});
