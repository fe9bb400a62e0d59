/**
 * Entry point, and (with src/simulator/main.ts) the only module that reads `process.env`: load the configuration,
 * build the gateway with `buildGateway` (src/app.ts: stores, HMRC budget, client, the embedded simulator when no
 * `HMRC_BASE_URL` is set), serve, and shut everything down cleanly on SIGINT/SIGTERM.
 */
import { buildGateway } from './app';
import { ConfigError, loadConfig } from './config';
import { requestLogFields } from './observability/request-scope';
import { createLogger } from './util/logger';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Every line logged while serving a request carries its requestId.
  const logger = createLogger({ level: config.logLevel, mixin: requestLogFields });
  const { gateway, client, stores, simulator, observability } = await buildGateway(config, { logger });
  const url = await gateway.listen(config.port, config.host);
  const metricsUrl = await observability.listenMetrics(config.host);
  if (metricsUrl) logger.info({ metricsUrl }, 'Metrics served on their own port');
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
      // /readyz answers 503 from here on, so load balancers stop sending new requests while these finish.
      gateway.setDraining();
      await gateway.stop();
      await client.close();
      await observability.close();
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
