/**
 * `npm run simulator`: the HMRC sandbox simulator on its own, for pointing other tools (or a gateway started
 * with `HMRC_BASE_URL`) at it. `SIMULATOR_PORT` (default 4010) and `SIMULATOR_HOST` (default 127.0.0.1).
 */
import { z } from 'zod';
import { createLogger } from '../util/logger';
import { DEMO_NINO } from './demo-data';
import { createSimulator } from './server';

const env = z
  .object({
    SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
    SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SIMULATOR_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(14_400),
    // The same credentials as the gateway's, so that a gateway started with them signs in against this one.
    HMRC_CLIENT_ID: z.string().optional(),
    HMRC_CLIENT_SECRET: z.string().optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));

const logger = createLogger({ level: env.LOG_LEVEL, name: 'hmrc-simulator' });
const simulator = createSimulator({
  logger,
  oauth: {
    accessTokenTtlSeconds: env.SIMULATOR_ACCESS_TOKEN_TTL_SECONDS,
    ...(env.HMRC_CLIENT_ID && env.HMRC_CLIENT_SECRET
      ? { clients: { [env.HMRC_CLIENT_ID]: env.HMRC_CLIENT_SECRET } }
      : {}),
  },
});

simulator
  .listen(env.SIMULATOR_PORT, env.SIMULATOR_HOST)
  .then((url) => {
    logger.info({ url, demoNino: DEMO_NINO }, `HMRC sandbox simulator listening at ${url}`);
    const stop = () => void simulator.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    logger.fatal({ error: String(error) }, 'Simulator failed to start');
    process.exit(1);
  });
