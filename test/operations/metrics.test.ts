/**
 * Prometheus metrics over real HTTP: the gateway in front of the HMRC sandbox simulator (or a stub HMRC), scraped
 * at `/metrics` as Prometheus would. Counts are checked against what the upstream actually received.
 */
import pino from 'pino';
import { GatewayMetrics } from '../../src/observability/metrics';
import { endpointTemplate, operationLabel } from '../../src/observability/metrics';
import { createObservability } from '../../src/observability';
import { Telemetry } from '../../src/observability/telemetry';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import { silentLogger } from '../../src/util/logger';
import { parseMetrics, scrape, valueOf } from '../helpers/metrics';
import type { Stack } from '../helpers/stack';
import { startGateway, startStack, upstreamCalls } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';

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

const TWICE = /* GraphQL */ `
  query Twice($nino: Nino!) {
    a: taxpayer(nino: $nino) {
      taxYear(taxYear: "2024-25") {
        pensionCharges {
          submittedOn
        }
      }
    }
    b: taxpayer(nino: $nino) {
      taxYear(taxYear: "2024-25") {
        pensionCharges {
          submittedOn
        }
      }
    }
  }
`;

const P = 'hmrc_gateway_';
const PENSIONS = '/individuals/charges/pensions/{nino}/{taxYear}';

function newTelemetry(options: { defaultMetrics?: boolean } = {}) {
  const metrics = new GatewayMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  return { metrics, telemetry: new Telemetry({ logger: silentLogger(), metrics }) };
}

describe('/metrics against the simulator', () => {
  let stack: Stack;
  const metricsUrl = () => new URL('/metrics', stack.url).toString();

  beforeEach(async () => {
    stack = await startStack({
      telemetry: newTelemetry({ defaultMetrics: true }).telemetry,
      cache: { ttlMs: 60_000 },
      rateLimit: { requestsPerSecond: 100 },
    });
  });
  afterEach(() => stack.stop());

  it('counts requests by operation and outcome, HMRC calls by endpoint template, and calls saved by the cache', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2024-25' });
      expect(answer.body.errors).toBeUndefined();
    }
    expect(upstreamCalls(stack.simulator, '/individuals/charges/pensions/')).toHaveLength(1);

    const scraped = await scrape(metricsUrl());
    expect(scraped.status).toBe(200);
    expect(scraped.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseMetrics(scraped.text);
    const ok = { operation: 'PensionCharges', type: 'query', outcome: 'success' };
    expect(valueOf(samples, `${P}graphql_requests_total`, ok)).toBe(2);
    expect(valueOf(samples, `${P}graphql_request_duration_seconds_count`, ok)).toBe(2);
    const call = { api: 'charges', method: 'GET', endpoint: PENSIONS };
    expect(valueOf(samples, `${P}hmrc_calls_total`, { ...call, status: '200' })).toBe(1);
    expect(valueOf(samples, `${P}hmrc_call_duration_seconds_count`, { ...call, status_class: '2xx' })).toBe(
      1,
    );
    expect(valueOf(samples, `${P}cache_lookups_total`, { api: 'charges', result: 'miss' })).toBe(1);
    expect(valueOf(samples, `${P}cache_lookups_total`, { api: 'charges', result: 'hit' })).toBe(1);
    expect(valueOf(samples, `${P}hmrc_calls_saved_total`, { reason: 'cache' })).toBe(1);
    // Both calls waited for the HMRC budget (one reached HMRC; the cached one never asked it).
    expect(valueOf(samples, `${P}rate_limit_wait_seconds_count`, { outcome: 'admitted' })).toBe(1);
    expect(valueOf(samples, `${P}rate_limit_queue_depth`)).toBe(0);
    // Node's default metrics come along.
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    // No Redis configured: no redis_up at all (rather than a misleading 0).
    expect(samples.some((s) => s.name === `${P}redis_up`)).toBe(false);
    // Never a taxpayer identifier or a credential in a label.
    expect(scraped.text).not.toContain(DEMO_NINO);
    expect(scraped.text).not.toContain('test-token');
  });

  it('counts a resource asked for twice in one request once upstream and once as coalesced', async () => {
    const answer = await stack.gql(TWICE, { nino: DEMO_NINO });
    expect(answer.body.errors).toBeUndefined();
    expect(upstreamCalls(stack.simulator, '/individuals/charges/pensions/')).toHaveLength(1);
    const samples = parseMetrics((await scrape(metricsUrl())).text);
    expect(valueOf(samples, `${P}hmrc_calls_saved_total`, { reason: 'coalesced' })).toBe(1);
    expect(valueOf(samples, `${P}hmrc_calls_total`, { endpoint: PENSIONS, status: '200' })).toBe(1);
  });

  it('counts a request refused by local validation as a call saved, with no call to HMRC', async () => {
    const answer = await stack.gql(READ, { nino: DEMO_NINO, taxYear: '2015-16' });
    expect(answer.body.errors?.[0]?.extensions.code).toBe('RULE_TAX_YEAR_NOT_SUPPORTED');
    expect(upstreamCalls(stack.simulator)).toHaveLength(0);
    const samples = parseMetrics((await scrape(metricsUrl())).text);
    expect(valueOf(samples, `${P}hmrc_calls_saved_total`, { reason: 'validation' })).toBe(1);
    expect(samples.filter((s) => s.name === `${P}hmrc_calls_total`)).toEqual([]);
    expect(
      valueOf(samples, `${P}graphql_requests_total`, { operation: 'PensionCharges', outcome: 'partial' }) +
        valueOf(samples, `${P}graphql_requests_total`, { operation: 'PensionCharges', outcome: 'error' }),
    ).toBe(1);
  });

  it('reports requests refused before execution as rejected, under a bounded operation label', async () => {
    const unparsable = await stack.gql('{ taxpayer(');
    expect(unparsable.status).toBe(400);
    const noCredentials = await stack.gql(
      READ,
      { nino: DEMO_NINO, taxYear: '2024-25' },
      { authorization: undefined },
    );
    expect(noCredentials.body.errors?.[0]?.extensions.code).toBe('MISSING_CREDENTIALS');
    // A NINO as an operation name is a valid GraphQL name; it must not become a label value.
    await stack.gql(READ.replace('PensionCharges', DEMO_NINO), { nino: DEMO_NINO, taxYear: '2024-25' });
    const text = (await scrape(metricsUrl())).text;
    const samples = parseMetrics(text);
    expect(
      valueOf(samples, `${P}graphql_requests_total`, { operation: 'unknown', outcome: 'rejected' }),
    ).toBe(1);
    expect(
      valueOf(samples, `${P}graphql_requests_total`, { operation: 'PensionCharges', outcome: 'rejected' }),
    ).toBe(1);
    expect(
      valueOf(samples, `${P}graphql_requests_total`, { operation: 'redacted', outcome: 'success' }),
    ).toBe(1);
    expect(text).not.toContain(DEMO_NINO);
  });
});

describe('metrics of failing HMRC calls', () => {
  let stub: Stub;
  beforeAll(async () => {
    stub = await startStub(() => ({
      status: 500,
      body: { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred' },
      headers: { 'x-correlationid': 'a1b2c3d4-0000-4000-8000-000000000001' },
    }));
  });
  afterAll(() => stub.close());

  it('labels HMRC 5xx with its status and logs it at warn, with the correlation id and a masked path', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as never) },
    );
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    const telemetry = new Telemetry({ logger, metrics });
    const gateway = await startGateway(stub.url, { telemetry, logger });
    try {
      const answer = await gateway.gql(READ, { nino: DEMO_NINO, taxYear: '2024-25' });
      expect(answer.body.errors?.[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      const samples = parseMetrics(await metrics.text());
      expect(valueOf(samples, `${P}hmrc_calls_total`, { endpoint: PENSIONS, status: '500' })).toBe(1);
      expect(valueOf(samples, `${P}hmrc_call_duration_seconds_count`, { status_class: '5xx' })).toBe(1);
      const hmrcLine = lines.find((l) => l.msg === 'HMRC call');
      expect(hmrcLine).toMatchObject({
        level: 40,
        status: 500,
        correlationId: 'a1b2c3d4-0000-4000-8000-000000000001',
        path: expect.stringContaining('AA******A'),
      });
      expect(JSON.stringify(lines)).not.toContain(DEMO_NINO);
    } finally {
      await gateway.stop();
    }
  });
});

describe('metrics settings', () => {
  it('serves no /metrics when metrics are off', async () => {
    const stack = await startStack({ telemetry: new Telemetry({ logger: silentLogger() }) });
    try {
      expect((await scrape(new URL('/metrics', stack.url).toString())).status).toBe(404);
    } finally {
      await stack.stop();
    }
  });

  it('serves /metrics on METRICS_PORT alone when one is set', async () => {
    const observability = createObservability({
      logger: silentLogger(),
      metrics: { enabled: true, port: 0 },
      tracing: { enabled: false, serviceName: 'test' },
      redisUp: () => true,
    });
    expect(observability.metricsOnMainPort).toBe(false);
    const stack = await startStack({ telemetry: observability.telemetry });
    const url = await observability.listenMetrics('127.0.0.1');
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const own = await scrape(url!);
      expect(own.status).toBe(200);
      expect(valueOf(parseMetrics(own.text), `${P}redis_up`)).toBe(1);
      expect((await scrape(new URL('/other', url).toString())).status).toBe(404);
    } finally {
      await observability.close();
      await stack.stop();
    }
  });
});

describe('bounded label values', () => {
  it('reduces HMRC paths to templates', () => {
    expect(endpointTemplate('/individuals/charges/pensions/AA123456A/2024-25')).toBe(PENSIONS);
    expect(
      endpointTemplate('/accounts/self-assessment/1234567890/balance-and-transactions?fromDate=2024-01-01'),
    ).toBe('/accounts/self-assessment/{utr}/balance-and-transactions');
    expect(endpointTemplate('/x/AB12_34/%2e%2e')).toBe('/x/{id}/{id}');
  });

  it('sanitises operation names and caps how many distinct ones become labels', async () => {
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('GetTaxpayer')).toBe('GetTaxpayer');
    expect(operationLabel('x'.repeat(65))).toBe('invalid');
    expect(operationLabel('lookup_1234567890')).toBe('redacted');
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    for (let i = 0; i < 250; i++) metrics.graphqlRequest(`Op${i}`, 'query', 'success', 0.01);
    const samples = parseMetrics(await metrics.text()).filter((s) => s.name === `${P}graphql_requests_total`);
    expect(samples).toHaveLength(201);
    expect(valueOf(samples, `${P}graphql_requests_total`, { operation: 'other' })).toBe(50);
  });
});
