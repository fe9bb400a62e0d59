/**
 * Traces (OpenTelemetry, into an in-memory exporter) and request logs (pino, captured), over real HTTP against
 * the simulator: a span per GraphQL operation continuing the caller's W3C trace context, a child span per HMRC
 * call with HMRC's correlation id, one structured log line per request, and the request id echoed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import ts from 'typescript';
import { Telemetry } from '../../src/observability/telemetry';
import type { Tracing } from '../../src/observability/tracing';
import { createTracing } from '../../src/observability/tracing';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { TOKEN, startStack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

const READ = /* GraphQL */ `
  query PensionCharges($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      taxYear(taxYear: $taxYear) {
        pensionCharges {
          submittedOn
        }
      }
    }
  }
`;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

type LogLine = Record<string, unknown> & { msg: string; level: number };

/** Waits (bounded) for something the server does just after it has answered: ending spans, writing its log line. */
async function eventually<T>(probe: () => T | undefined, what: string): Promise<T> {
  let value: T | undefined;
  // The shared deadline (15 s), not 200 polls: on a loaded machine 200 × 10 ms can pass before the server runs.
  await waitFor(() => (value = probe()) !== undefined, what);
  return value!;
}

describe('traces', () => {
  let exporter: InMemorySpanExporter;
  let tracing: Tracing;
  let stack: Stack;

  beforeAll(async () => {
    exporter = new InMemorySpanExporter();
    tracing = createTracing({
      serviceName: 'gateway-under-test',
      processor: new SimpleSpanProcessor(exporter),
    });
    stack = await startStack({
      telemetry: new Telemetry({ logger: pino({ level: 'silent' }), tracer: tracing.tracer }),
    });
  });
  afterAll(async () => {
    await stack.stop();
    await tracing.shutdown();
  });
  beforeEach(() => exporter.reset());

  const finished = (count: number) =>
    eventually(() => {
      const spans = exporter.getFinishedSpans();
      return spans.length >= count ? spans : undefined;
    }, `${count} spans`);

  it('continues the caller’s trace: an operation span, and under it one span per HMRC call with its correlation id', async () => {
    const answer = await stack.gql(
      READ,
      { nino: DEMO_NINO, taxYear: '2024-25' },
      { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` },
    );
    expect(answer.body.errors).toBeUndefined();
    const spans = await finished(2);
    const operation = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const call = spans.find((s) => s.kind === SpanKind.CLIENT)!;

    expect(operation.name).toBe('GraphQL query PensionCharges');
    expect(operation.spanContext().traceId).toBe(TRACE_ID);
    expect(operation.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'PensionCharges',
      'graphql.operation.type': 'query',
      'graphql.outcome': 'success',
      'http.response.status_code': 200,
      'hmrc.calls': 1,
    });
    expect(operation.resource.attributes['service.name']).toBe('gateway-under-test');

    const simulated = stack.simulator.requests.find((r) => r.url.includes('/individuals/charges/pensions/'));
    expect(simulated).toBeDefined();
    expect(call.name).toBe('HMRC GET /individuals/charges/pensions/{nino}/{taxYear}');
    expect(call.spanContext().traceId).toBe(TRACE_ID);
    expect(call.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      'hmrc.api': 'charges',
      'http.request.method': 'GET',
      'url.template': '/individuals/charges/pensions/{nino}/{taxYear}',
      'http.response.status_code': 200,
      'hmrc.correlation_id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    assertNoSecrets(spans);
  });

  it('starts a new trace when the caller sends no (or a malformed) traceparent', async () => {
    await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2024-25' }, { traceparent: 'not-a-trace-context' });
    const [operation] = (await finished(2)).filter((s) => s.kind === SpanKind.SERVER);
    expect(operation!.parentSpanContext).toBeUndefined();
    expect(operation!.spanContext().traceId).not.toBe(TRACE_ID);
  });

  it('records a refused field’s outcome on the operation span, still without a NINO in any attribute', async () => {
    const answer = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2015-16' });
    expect(answer.body.errors).toBeDefined();
    const spans = await finished(1);
    expect(spans.filter((s) => s.kind === SpanKind.CLIENT)).toEqual([]);
    expect(spans[0]!.attributes['hmrc.calls']).toBe(0);
    expect(spans[0]!.attributes['graphql.outcome']).toMatch(/^(partial|error)$/);
    assertNoSecrets(spans);
  });
});

describe('OTLP export', () => {
  let collector: Stub;
  beforeAll(async () => {
    collector = await startStub(() => ({ status: 200, body: {} }));
  });
  afterAll(async () => {
    await collector.close();
  });

  it('sends spans over OTLP/HTTP to the endpoint the standard OTEL_* variables name, with their headers', async () => {
    // The OTLP exporter loads Node's http module with a dynamic import(), which Jest's module sandbox cannot run, so
    // tracing.ts (which imports only packages) is transpiled and run in a plain Node process, as in production.
    const dir = mkdtempSync(path.join(tmpdir(), 'otlp-'));
    const module = path.join(dir, 'tracing.js');
    const source = readFileSync(path.join(__dirname, '../../src/observability/tracing.ts'), 'utf8');
    writeFileSync(
      module,
      ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText,
    );
    const script = `const { createTracing } = require(${JSON.stringify(module)});
      const tracing = createTracing({ serviceName: 'otlp-under-test' });
      tracing.tracer.startSpan('probe').end();
      tracing.shutdown().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
    try {
      // The exporter reads these itself, as every OpenTelemetry SDK does; the gateway only decides on or off.
      await promisify(execFile)(process.execPath, ['-e', script], {
        env: {
          PATH: process.env.PATH,
          NODE_PATH: path.join(__dirname, '../../node_modules'),
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=abc123',
        },
        timeout: 15_000,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const posted = collector.requests.filter((r) => r.url === '/v1/traces');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.method).toBe('POST');
    expect(posted[0]!.headers['x-collector-key']).toBe('abc123');
    expect(posted[0]!.body).toContain('otlp-under-test');
    expect(posted[0]!.body).toContain('probe');
  });
});

function assertNoSecrets(spans: readonly ReadableSpan[]): void {
  const everything = JSON.stringify(
    spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })),
  );
  expect(everything).not.toContain(DEMO_NINO);
  expect(everything).not.toContain(TOKEN);
}

describe('request logs', () => {
  let lines: LogLine[];
  let stack: Stack;

  beforeAll(async () => {
    lines = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
    );
    stack = await startStack({
      logger,
      telemetry: new Telemetry({ logger }),
      cache: { ttlMs: 60_000 },
    });
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    lines.length = 0;
  });

  const requestLine = (requestId: string) =>
    eventually(
      () => lines.find((l) => l.msg === 'GraphQL request' && l.requestId === requestId),
      'the request log',
    );

  it('writes one line per request with operation, outcome, duration, HMRC calls made and saved, and correlation ids', async () => {
    const first = await stack.gql(
      READ,
      { nino: DEMO_NINO, taxYear: '2024-25' },
      { 'x-request-id': 'client-req-0001' },
    );
    expect(first.headers.get('x-request-id')).toBe('client-req-0001');
    const line = await requestLine('client-req-0001');
    expect(line).toMatchObject({
      level: 30,
      operation: 'PensionCharges',
      operationType: 'query',
      outcome: 'success',
      status: 200,
      hmrcCalls: 1,
      hmrcCallsSaved: 0,
      correlationIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
    });
    expect(typeof line.ms).toBe('number');
    // The HMRC client's own line carries the same request id (handed down with the call), and the same correlation id.
    const call = lines.find((l) => l.msg === 'HMRC call');
    expect(call).toMatchObject({
      requestId: 'client-req-0001',
      correlationId: (line.correlationIds as string[])[0],
    });
    expect(lines.filter((l) => l.msg === 'GraphQL request')).toHaveLength(1);

    const again = await stack.gql(
      READ,
      { nino: DEMO_NINO, taxYear: '2024-25' },
      { 'x-request-id': 'client-req-0002' },
    );
    expect(again.body.errors).toBeUndefined();
    expect(await requestLine('client-req-0002')).toMatchObject({
      hmrcCalls: 0,
      hmrcCallsSaved: 1,
      saved: { cache: 1, coalesced: 0, validation: 0 },
    });
    expect(JSON.stringify(lines)).not.toContain(DEMO_NINO);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('replaces a request id that is not a plausible id with a fresh UUID', async () => {
    for (const bad of ['short', 'x'.repeat(200), 'has space in it', 'quote"and{brace}']) {
      const answer = await stack.gql('{ __typename }', {}, { 'x-request-id': bad });
      const echoed = answer.headers.get('x-request-id');
      expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await requestLine(echoed!);
    }
    const none = await stack.gql('{ __typename }');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes the request id on answers the body parser refuses too', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-req-bad-json' },
      body: '{ not json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('client-req-bad-json');
  });
});
