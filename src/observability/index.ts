/**
 * The gateway's operational signals, built from the configuration in one call by the composition root: metrics
 * (and, with `METRICS_PORT`, their own listener), traces (with an OTLP endpoint), and the `Telemetry` that the HMRC
 * client, the loaders, the limiter and the HTTP layer report to.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from '../util/logger';
import { GatewayMetrics } from './metrics';
import { Telemetry } from './telemetry';
import type * as TracingModule from './tracing';
import type { Tracing } from './tracing';

export { Telemetry } from './telemetry';
export { GatewayMetrics } from './metrics';

export interface ObservabilityOptions {
  readonly logger: Logger;
  readonly metrics: { readonly enabled: boolean; readonly port: number | undefined };
  readonly tracing: {
    readonly enabled: boolean;
    readonly serviceName: string;
    readonly serviceVersion?: string;
  };
  /** Whether the Redis connection is up, for `redis_up` (no Redis: no such metric). */
  readonly redisUp?: (() => boolean) | undefined;
  /** A telemetry built by the caller (tests), used instead of one built from the settings above. */
  readonly telemetry?: Telemetry | undefined;
}

export interface Observability {
  readonly telemetry: Telemetry;
  /** Whether the main listener serves `/metrics` (metrics on, and no separate port). */
  readonly metricsOnMainPort: boolean;
  /** With `METRICS_PORT`: starts the metrics listener and resolves to its URL. */
  listenMetrics(host: string): Promise<string | undefined>;
  /** Flushes traces and closes the metrics listener. */
  close(): Promise<void>;
}

export function createObservability(options: ObservabilityOptions): Observability {
  if (options.telemetry) {
    const given = options.telemetry;
    return {
      telemetry: given,
      metricsOnMainPort: given.metrics !== undefined,
      listenMetrics: () => Promise.resolve(undefined),
      close: () => Promise.resolve(),
    };
  }
  const metrics = options.metrics.enabled
    ? new GatewayMetrics(options.redisUp ? { redisUp: options.redisUp } : {})
    : undefined;
  // OpenTelemetry's SDK and exporter are loaded only when tracing is on: they are a large part of start-up.
  const tracing: Tracing | undefined = options.tracing.enabled
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./tracing') as typeof TracingModule).createTracing({
        serviceName: options.tracing.serviceName,
        ...(options.tracing.serviceVersion ? { serviceVersion: options.tracing.serviceVersion } : {}),
      })
    : undefined;
  const telemetry = new Telemetry({ logger: options.logger, metrics, tracer: tracing?.tracer });
  let server: http.Server | undefined;

  return {
    telemetry,
    metricsOnMainPort: metrics !== undefined && options.metrics.port === undefined,
    async listenMetrics(host) {
      const { port } = options.metrics;
      if (!metrics || port === undefined) return undefined;
      const app = express();
      app.disable('x-powered-by');
      app.get('/metrics', telemetry.metricsHandler());
      app.use((_req, res) => res.status(404).json({ error: 'Not found: metrics are at /metrics' }));
      server = http.createServer(app);
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => resolve());
      });
      const { port: actual } = listening.address() as AddressInfo;
      return `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actual}/metrics`;
    },
    async close() {
      if (server) {
        const closing = server;
        closing.closeAllConnections();
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      await tracing?.shutdown();
    },
  };
}
