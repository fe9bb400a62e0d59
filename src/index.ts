/**
 * Composition root, and the only module that reads `process.env` or listens: load the configuration, start the
 * embedded HMRC sandbox simulator when no `HMRC_BASE_URL` is set, build the HMRC client and the gateway, serve,
 * and shut everything down cleanly on SIGINT/SIGTERM.
 */
import { createStores } from './cache/stores';
import { ConfigError, loadConfig } from './config';
import { HmrcClient } from './hmrc/client';
import { createRateLimiter } from './hmrc/rate-limiter';
import { createGateway } from './server';
import { DEMO_NINO } from './simulator/demo-data';
import type { Simulator } from './simulator/server';
import { createSimulator } from './simulator/server';
import { createLogger } from './util/logger';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });

  let simulator: Simulator | undefined;
  let baseUrl = config.hmrc.baseUrl;
  if (baseUrl === undefined) {
    simulator = createSimulator({ logger: logger.child({ component: 'simulator' }) });
    baseUrl = await simulator.listen(config.simulator.port, '127.0.0.1');
    logger.info(
      { baseUrl, demoNino: DEMO_NINO },
      'No HMRC_BASE_URL: using the embedded HMRC sandbox simulator',
    );
    if (config.env === 'production') {
      logger.warn(
        'NODE_ENV=production but HMRC_BASE_URL is unset: requests go to the simulator, not to HMRC',
      );
    }
  }

  if (config.env === 'production' && config.graphql.objectIdSecret === undefined) {
    logger.warn(
      'OBJECT_ID_SECRET is unset: object ids use the public built-in key (pseudonymous, not private)',
    );
  }

  const stores = createStores(
    {
      redisUrl: config.cache.redisUrl,
      redisTimeoutMs: config.cache.redisTimeoutMs,
      maxEntries: config.cache.maxEntries,
    },
    logger.child({ component: 'cache' }),
  );
  const limiter = createRateLimiter({
    requestsPerSecond: config.hmrc.rateLimit.requestsPerSecond,
    maxWaitMs: config.hmrc.rateLimit.maxWaitMs,
    redis: stores.redis,
    redisTimeoutMs: config.cache.redisTimeoutMs,
    logger: logger.child({ component: 'rate-limit' }),
  });
  const client = new HmrcClient({
    baseUrl,
    versions: config.hmrc.versions,
    timeoutMs: config.hmrc.timeoutMs,
    maxConnections: config.hmrc.maxConnections,
    logger: logger.child({ component: 'hmrc' }),
    limiter,
    retry429Max: config.hmrc.retry429Max,
  });
  const { ttlSeconds, notFoundTtlSeconds } = config.cache;
  const gateway = await createGateway({
    client,
    logger,
    sandbox: config.hmrc.sandbox,
    production: config.env === 'production',
    corsOrigins: config.corsOrigins,
    settings: { versions: config.hmrc.versions, disclosuresMinTaxYear: config.hmrc.disclosuresMinTaxYear },
    responseCache: stores.responses,
    cachePolicy: {
      ttlMs: (api, found) => 1000 * (found ? ttlSeconds[api] : Math.min(notFoundTtlSeconds, ttlSeconds[api])),
    },
    apq: { cache: stores.apq, ttlSeconds: config.cache.apqTtlSeconds },
    maxConcurrencyPerRequest: config.hmrc.maxConcurrencyPerRequest,
    objectIdSecret: config.graphql.objectIdSecret,
    mode: config.graphql.mode,
    trustedDocuments: {
      manifests: config.graphql.trustedDocumentManifests,
      only: config.graphql.trustedDocumentsOnly,
    },
  });
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
