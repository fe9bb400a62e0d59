/**
 * OpenTelemetry traces, exported over OTLP/HTTP. Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set; then the exporter itself reads the standard variables
 * (`OTEL_EXPORTER_OTLP_HEADERS`, `..._TIMEOUT`, `..._COMPRESSION`, the traces-specific forms) and the provider reads
 * `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` (default: parent-based, always on), as the OpenTelemetry
 * specification has every SDK do. The tracer is handed to `Telemetry` rather than registered globally, so that
 * nothing else in the process (and no test) depends on global state.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** Where spans go: OTLP over HTTP by default; tests pass an in-memory exporter and a simple processor. */
  readonly processor?: SpanProcessor;
}

export interface Tracing {
  readonly tracer: Tracer;
  /** Exports what is buffered, then stops (at shutdown, after the last request). */
  shutdown(): Promise<void>;
}

export function createTracing(options: TracingOptions): Tracing {
  const exporter: SpanExporter | undefined = options.processor ? undefined : new OTLPTraceExporter();
  const provider = new BasicTracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES (read by the SDK's environment detector) adds to these; the service name is ours.
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(
        resourceFromAttributes({
          [ATTR_SERVICE_NAME]: options.serviceName,
          ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
        }),
      ),
    spanProcessors: [options.processor ?? new BatchSpanProcessor(exporter!)],
  });
  return {
    tracer: provider.getTracer('hmrc-graphql-gateway'),
    shutdown: () => provider.shutdown(),
  };
}
