/**
 * loadConfig: defaults, validation with every problem reported at once, empty values, the sandbox derivation
 * that decides whether Gov-Test-Scenario may be forwarded, CORS origins and per-API versions.
 */
import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('gives a working configuration for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      port: 4000,
      host: '0.0.0.0',
      logLevel: 'info',
      hmrc: {
        baseUrl: undefined,
        sandbox: true,
        timeoutMs: 10_000,
        maxConnections: 64,
        versions: { charges: '3.0', reliefs: '3.0', disclosures: '2.0', saAccount: '1.0' },
        disclosuresMinTaxYear: '2019-20',
        rateLimit: { requestsPerSecond: 3, maxWaitMs: 10_000, expectedReplicas: 2 },
        // 7 tax years × 7 per-year resources + the Self Assessment account: the largest legitimate query.
        maxCallsPerRequest: 64,
        maxConcurrencyPerRequest: 10,
        retry429Max: 2,
        retry: {
          maxRetries: 2,
          baseDelayMs: 200,
          maxDelayMs: 2_000,
          budget: { percent: 20, minRetries: 3, windowMs: 10_000 },
        },
        breaker: { failureRatio: 0.5, windowCalls: 20, minCalls: 5, cooldownMs: 15_000 },
      },
      cache: {
        redisUrl: undefined,
        redisTimeoutMs: 250,
        ttlSeconds: { charges: 300, reliefs: 300, disclosures: 300, saAccount: 120 },
        notFoundTtlSeconds: 60,
        maxEntries: 10_000,
        apqTtlSeconds: 86_400,
      },
      requestDeadlineMs: 60_000,
      limits: { depth: 12, aliases: 30, tokens: 10_000, cost: 20_000, directives: 50 },
      shutdownGraceMs: 25_000,
      fraud: {
        mode: 'report',
        allowBatch: false,
        trustedProxies: [],
        clientPortHeader: undefined,
        vendorPublicIp: undefined,
        productName: undefined,
        licenseIds: [],
      },
      observability: {
        metrics: { enabled: true, port: undefined },
        tracing: { enabled: false, serviceName: 'hmrc-graphql-gateway' },
      },
      simulator: { port: 0, accessTokenTtlSeconds: 14_400 },
      corsOrigins: '*',
      oauth: undefined,
      graphql: {
        objectIdSecret: undefined,
        mode: 'standalone',
        trustedDocumentManifests: [],
        trustedDocumentsOnly: false,
      },
    });
  });

  it('reads the HMRC budget settings: rates up to 100,000 a second, replicas, calls per request, deadline', () => {
    const config = loadConfig({
      HMRC_RATE_LIMIT_RPS: '100000',
      HMRC_EXPECTED_REPLICAS: '3',
      HMRC_MAX_CALLS_PER_REQUEST: '20',
      REQUEST_DEADLINE_MS: '15000',
    });
    expect(config.hmrc.rateLimit).toMatchObject({ requestsPerSecond: 100_000, expectedReplicas: 3 });
    expect(config.hmrc.maxCallsPerRequest).toBe(20);
    expect(config.requestDeadlineMs).toBe(15_000);
    expect(() => loadConfig({ HMRC_RATE_LIMIT_RPS: '100001' })).toThrow(/HMRC_RATE_LIMIT_RPS/);
    expect(() => loadConfig({ HMRC_EXPECTED_REPLICAS: '0' })).toThrow(/HMRC_EXPECTED_REPLICAS/);
    expect(() => loadConfig({ HMRC_MAX_CALLS_PER_REQUEST: '0' })).toThrow(/HMRC_MAX_CALLS_PER_REQUEST/);
  });

  it('reads only the environment it is given, never process.env', () => {
    const saved = process.env.PORT;
    process.env.PORT = '1234';
    try {
      expect(loadConfig({}).port).toBe(4000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk',
      HMRC_TIMEOUT_MS: '2500',
      HMRC_MAX_CONNECTIONS: '4',
      SIMULATOR_PORT: '4010',
      CORS_ORIGINS: 'https://app.example.com',
      FRAUD_ALLOW_BATCH: 'true',
      FRAUD_CLIENT_PORT_HEADER: 'X-Client-Port',
      GOV_VENDOR_PUBLIC_IP: '203.0.113.6',
      GOV_VENDOR_PRODUCT_NAME: 'My Tax App',
      GOV_VENDOR_LICENSE_IDS: 'my-licensed-software=8D7963490527D337',
    });
    expect(config.fraud).toMatchObject({
      mode: 'enforce',
      allowBatch: true,
      clientPortHeader: 'x-client-port',
      vendorPublicIp: '203.0.113.6',
      productName: 'My Tax App',
      licenseIds: [{ key: 'my-licensed-software', value: '8D7963490527D337' }],
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'warn',
      hmrc: {
        baseUrl: 'https://api.service.hmrc.gov.uk',
        sandbox: false,
        timeoutMs: 2500,
        maxConnections: 4,
      },
      simulator: { port: 4010 },
      corsOrigins: ['https://app.example.com'],
    });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ SOMETHING_ELSE: 'x', PATH: '/usr/bin' }).port).toBe(4000);
  });
});

describe('observability settings', () => {
  it('turns metrics off, moves them to their own port, and turns traces on with an OTLP endpoint', () => {
    expect(
      loadConfig({
        METRICS_ENABLED: 'false',
        METRICS_PORT: '9464',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SERVICE_NAME: 'tax-gateway',
      }).observability,
    ).toEqual({
      metrics: { enabled: false, port: 9464 },
      tracing: { enabled: true, serviceName: 'tax-gateway' },
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' }).observability.tracing
        .enabled,
    ).toBe(true);
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })
        .observability.tracing.enabled,
    ).toBe(false);
  });

  it('refuses a malformed flag, endpoint or port, and a metrics port equal to PORT', () => {
    expect(() =>
      loadConfig({
        METRICS_ENABLED: 'yes',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        METRICS_PORT: 'x',
      }),
    ).toThrow(/METRICS_ENABLED: must be true or false[\s\S]*METRICS_PORT[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(
      /METRICS_PORT: must differ from PORT/,
    );
  });
});

describe('validation', () => {
  it('reports every problem at once in one ConfigError', () => {
    let thrown: unknown;
    try {
      loadConfig({
        NODE_ENV: 'prod',
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        HMRC_BASE_URL: 'ftp://example.com',
        HMRC_ENVIRONMENT: 'staging',
        HMRC_TIMEOUT_MS: '5',
        HMRC_MAX_CONNECTIONS: '0',
        HMRC_CHARGES_VERSION: '3',
        SIMULATOR_PORT: '70000',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.name).toBe('ConfigError');
    const variables = error.problems.map((p) => p.split(':')[0]).sort();
    expect(variables).toEqual(
      [
        'HMRC_BASE_URL',
        'HMRC_CHARGES_VERSION',
        'HMRC_ENVIRONMENT',
        'HMRC_MAX_CONNECTIONS',
        'HMRC_TIMEOUT_MS',
        'LOG_LEVEL',
        'NODE_ENV',
        'PORT',
        'SIMULATOR_PORT',
      ].sort(),
    );
    // The message lists each problem, one per line, so a failed start says everything that is wrong.
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
    expect(error.problems.find((p) => p.startsWith('HMRC_CHARGES_VERSION'))).toContain(
      'must be an HMRC API version such as 3.0',
    );
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '4000.5'],
    ['PORT', 'abc'],
    ['HMRC_TIMEOUT_MS', '99'],
    ['HMRC_TIMEOUT_MS', '120001'],
    ['HMRC_MAX_CONNECTIONS', '257'],
    ['HMRC_BASE_URL', 'not a url'],
    ['HMRC_BASE_URL', 'ws://example.com'],
  ])('refuses %s=%p', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('accepts the bounds', () => {
    expect(loadConfig({ HMRC_TIMEOUT_MS: '100' }).hmrc.timeoutMs).toBe(100);
    expect(loadConfig({ HMRC_TIMEOUT_MS: '120000' }).hmrc.timeoutMs).toBe(120_000);
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });
});

describe('empty values', () => {
  it('treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      HMRC_BASE_URL: '',
      HMRC_ENVIRONMENT: '',
      HMRC_TIMEOUT_MS: '',
      HMRC_CHARGES_VERSION: '',
      CORS_ORIGINS: '',
      NODE_ENV: '',
    });
    expect(config).toEqual(loadConfig({}));
  });

  it('treats blank values as unset too, so PORT=" " does not become port 0', () => {
    const config = loadConfig({ PORT: ' ', SIMULATOR_PORT: '\t', HMRC_TIMEOUT_MS: '  ', HMRC_BASE_URL: ' ' });
    expect(config.port).toBe(4000);
    expect(config.simulator.port).toBe(0);
    expect(config.hmrc.timeoutMs).toBe(10_000);
    expect(config.hmrc.baseUrl).toBeUndefined();
  });

  it('treats undefined values as unset', () => {
    expect(loadConfig({ PORT: undefined, HMRC_BASE_URL: undefined })).toEqual(loadConfig({}));
  });
});

describe('sandbox derivation (may Gov-Test-Scenario be forwarded?)', () => {
  it.each<[string, Record<string, string>, string | undefined, boolean]>([
    ['no HMRC_BASE_URL (the embedded simulator)', {}, undefined, true],
    [
      'HMRC’s sandbox host',
      { HMRC_BASE_URL: 'https://test-api.service.hmrc.gov.uk' },
      'https://test-api.service.hmrc.gov.uk',
      true,
    ],
    [
      'HMRC’s sandbox host with a trailing slash',
      { HMRC_BASE_URL: 'https://test-api.service.hmrc.gov.uk/' },
      'https://test-api.service.hmrc.gov.uk/',
      true,
    ],
    [
      'HMRC’s production host',
      { HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk' },
      'https://api.service.hmrc.gov.uk',
      false,
    ],
    ['any other URL', { HMRC_BASE_URL: 'http://localhost:4010' }, 'http://localhost:4010', false],
    [
      'a host that merely starts with the sandbox host',
      { HMRC_BASE_URL: 'https://test-api.service.hmrc.gov.uk.example.com' },
      'https://test-api.service.hmrc.gov.uk.example.com',
      false,
    ],
    [
      'the sandbox host in a query string',
      { HMRC_BASE_URL: 'https://example.com/?host=test-api.service.hmrc.gov.uk' },
      'https://example.com/?host=test-api.service.hmrc.gov.uk',
      false,
    ],
    [
      'any other URL declared a sandbox',
      { HMRC_BASE_URL: 'http://localhost:4010', HMRC_ENVIRONMENT: 'sandbox' },
      'http://localhost:4010',
      true,
    ],
    [
      'the sandbox host declared production',
      { HMRC_BASE_URL: 'https://test-api.service.hmrc.gov.uk', HMRC_ENVIRONMENT: 'production' },
      'https://test-api.service.hmrc.gov.uk',
      false,
    ],
    ['the simulator declared production', { HMRC_ENVIRONMENT: 'production' }, undefined, false],
  ])('%s', (_name, env, baseUrl, sandbox) => {
    const { hmrc } = loadConfig(env);
    expect(hmrc.baseUrl).toBe(baseUrl);
    expect(hmrc.sandbox).toBe(sandbox);
  });
});

describe('CORS_ORIGINS', () => {
  it.each<[string, '*' | string[]]>([
    ['*', '*'],
    [' * ', '*'],
    ['https://a.example.com', ['https://a.example.com']],
    ['https://a.example.com,https://b.example.com', ['https://a.example.com', 'https://b.example.com']],
    [' https://a.example.com , https://b.example.com, ', ['https://a.example.com', 'https://b.example.com']],
  ])('%p → %p', (value, expected) => {
    expect(loadConfig({ CORS_ORIGINS: value }).corsOrigins).toEqual(expected);
  });
});

describe('CORS_ORIGINS that are not origins', () => {
  it.each([
    'https://a.example.com/',
    'https://a.example.com/app',
    'a.example.com',
    'https://a.example.com,nope',
  ])('refuses %p (it could never match a browser’s Origin header)', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(ConfigError);
  });
});

describe('whole numbers only', () => {
  it.each([
    ['PORT', '1e3'],
    ['PORT', '0x10'],
    ['PORT', '80.5'],
    ['HMRC_TIMEOUT_MS', '5e3'],
    ['HMRC_MAX_CONNECTIONS', '-1'],
  ])('refuses %s=%p', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });

  it('accepts plain digits', () => {
    expect(loadConfig({ PORT: '8080', HMRC_TIMEOUT_MS: '2500' })).toMatchObject({
      port: 8080,
      hmrc: { timeoutMs: 2500 },
    });
  });
});

describe('HMRC_DISCLOSURES_MIN_TAX_YEAR', () => {
  it('defaults to HMRC’s sandbox minimum (2019-20) for a sandbox upstream', () => {
    expect(loadConfig({}).hmrc.disclosuresMinTaxYear).toBe('2019-20');
    expect(
      loadConfig({ HMRC_BASE_URL: 'https://test-api.service.hmrc.gov.uk' }).hmrc.disclosuresMinTaxYear,
    ).toBe('2019-20');
  });

  it('defaults to HMRC’s documented production minimum (2021-22) for production', () => {
    expect(loadConfig({ HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk' }).hmrc.disclosuresMinTaxYear).toBe(
      '2021-22',
    );
  });

  it('takes an explicit year over either default', () => {
    expect(
      loadConfig({
        HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk',
        HMRC_DISCLOSURES_MIN_TAX_YEAR: '2020-21',
      }).hmrc.disclosuresMinTaxYear,
    ).toBe('2020-21');
  });

  it.each(['2020', '2020-22', 'next year'])('refuses %p', (value) => {
    expect(() => loadConfig({ HMRC_DISCLOSURES_MIN_TAX_YEAR: value })).toThrow(ConfigError);
  });
});

describe('per-API versions', () => {
  it('overrides each API’s Accept version independently', () => {
    expect(loadConfig({ HMRC_CHARGES_VERSION: '2.0' }).hmrc.versions).toEqual({
      charges: '2.0',
      reliefs: '3.0',
      disclosures: '2.0',
      saAccount: '1.0',
    });
    expect(
      loadConfig({
        HMRC_CHARGES_VERSION: '3.0',
        HMRC_RELIEFS_VERSION: '2.0',
        HMRC_DISCLOSURES_VERSION: '1.0',
        HMRC_SA_ACCOUNT_VERSION: '2.0',
      }).hmrc.versions,
    ).toEqual({ charges: '3.0', reliefs: '2.0', disclosures: '1.0', saAccount: '2.0' });
  });

  it.each(['3', '3.0.1', 'v3.0', '10.0', '3.x'])('refuses the version %p', (value) => {
    const problems = problemsOf({ HMRC_RELIEFS_VERSION: value, HMRC_SA_ACCOUNT_VERSION: value });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'HMRC_RELIEFS_VERSION',
      'HMRC_SA_ACCOUNT_VERSION',
    ]);
  });
});

describe('HMRC_BASE_URL must be https unless it stays on this machine or is a declared sandbox', () => {
  it.each([
    ['https anywhere', { HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk' }],
    ['http to localhost', { HMRC_BASE_URL: 'http://localhost:4010' }],
    ['http to a .localhost name', { HMRC_BASE_URL: 'http://hmrc.localhost:4010' }],
    ['http to 127.0.0.1', { HMRC_BASE_URL: 'http://127.0.0.1:4010' }],
    ['http to any 127/8 address', { HMRC_BASE_URL: 'http://127.1.2.3' }],
    ['http to [::1]', { HMRC_BASE_URL: 'http://[::1]:4010' }],
    ['http to a declared sandbox', { HMRC_BASE_URL: 'http://simulator:4010', HMRC_ENVIRONMENT: 'sandbox' }],
    [
      'http to a loopback host in production',
      {
        HMRC_BASE_URL: 'http://127.0.0.1:3128',
        NODE_ENV: 'production',
        CORS_ORIGINS: 'https://app.example.com',
        GOV_VENDOR_PUBLIC_IP: '203.0.113.6',
        GOV_VENDOR_PRODUCT_NAME: 'Tax App',
      },
    ],
  ])('accepts %s', (_name, env) => {
    expect(loadConfig(env).hmrc.baseUrl).toBe(env.HMRC_BASE_URL);
  });

  it.each([
    ['HMRC over http', { HMRC_BASE_URL: 'http://api.service.hmrc.gov.uk' }],
    ['HMRC’s sandbox host over http, not declared', { HMRC_BASE_URL: 'http://test-api.service.hmrc.gov.uk' }],
    ['another host over http', { HMRC_BASE_URL: 'http://10.0.0.5:8080' }],
    ['a host that only looks local', { HMRC_BASE_URL: 'http://localhost.example.com' }],
    ['an address that only starts like loopback', { HMRC_BASE_URL: 'http://127.0.0.1.nip.io' }],
    ['http declared production', { HMRC_BASE_URL: 'http://simulator:4010', HMRC_ENVIRONMENT: 'production' }],
  ])('refuses %s, saying why', (_name, env) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^HMRC_BASE_URL: must be https /);
    expect(problems[0]).toContain('HMRC_ENVIRONMENT=sandbox');
  });

  it('never prints credentials embedded in the URL', () => {
    const problems = problemsOf({ HMRC_BASE_URL: 'http://user:hunter2@proxy.example.com:3128/' });
    expect(problems[0]).toContain('http://proxy.example.com:3128');
    expect(problems[0]).not.toContain('hunter2');
  });
});

describe('CORS_ORIGINS in production', () => {
  // The fraud-prevention vendor settings production also requires are set, so that only CORS is at issue.
  const production = {
    NODE_ENV: 'production',
    HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk',
    GOV_VENDOR_PUBLIC_IP: '203.0.113.6',
    GOV_VENDOR_PRODUCT_NAME: 'Tax App',
  };

  it('must be set', () => {
    const problems = problemsOf(production);
    expect(problems).toEqual([
      'CORS_ORIGINS: must be set in production to the origins browsers may call from, e.g. https://app.example.com',
    ]);
    expect(problemsOf({ ...production, CORS_ORIGINS: ' ' })).toEqual(problems);
  });

  it('may not be *', () => {
    expect(problemsOf({ ...production, CORS_ORIGINS: ' * ' })).toEqual([
      'CORS_ORIGINS: "*" is not allowed in production; list the exact origins instead',
    ]);
  });

  it('accepts exact origins', () => {
    expect(loadConfig({ ...production, CORS_ORIGINS: 'https://a.example.com' }).corsOrigins).toEqual([
      'https://a.example.com',
    ]);
  });

  it('stays * by default outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).corsOrigins).toBe('*');
    expect(loadConfig({ NODE_ENV: 'test' }).corsOrigins).toBe('*');
  });

  it('is reported together with every other problem', () => {
    const problems = problemsOf({
      ...production,
      PORT: 'x',
      HMRC_BASE_URL: 'http://hmrc.example.com',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['CORS_ORIGINS', 'HMRC_BASE_URL', 'PORT']);
  });
});

describe('operation limits and shutdown grace', () => {
  it('reads every limit', () => {
    const config = loadConfig({
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_TOKENS: '2000',
      GRAPHQL_MAX_COST: '5000',
      GRAPHQL_MAX_DIRECTIVES: '5',
      SHUTDOWN_GRACE_MS: '60000',
    });
    expect(config.limits).toEqual({ depth: 8, aliases: 0, tokens: 2000, cost: 5000, directives: 5 });
    expect(config.shutdownGraceMs).toBe(60_000);
  });

  it.each([
    ['GRAPHQL_MAX_DEPTH', '0'],
    ['GRAPHQL_MAX_TOKENS', '99'],
    ['GRAPHQL_MAX_COST', '1.5'],
    ['GRAPHQL_MAX_ALIASES', '-1'],
    ['SHUTDOWN_GRACE_MS', '600001'],
  ])('refuses %s=%p', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });
});

describe('fraud-prevention settings', () => {
  const production = {
    NODE_ENV: 'production',
    HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk',
    CORS_ORIGINS: 'https://app.example.com',
  };

  it('refuses to start in production without the vendor IP and product name, naming both', () => {
    expect(problemsOf(production)).toEqual([
      'GOV_VENDOR_PUBLIC_IP: required in production (Gov-Vendor-Public-IP)',
      'GOV_VENDOR_PRODUCT_NAME: required in production (Gov-Vendor-Product-Name)',
    ]);
    expect(problemsOf({ ...production, GOV_VENDOR_PRODUCT_NAME: 'Tax App' })).toEqual([
      'GOV_VENDOR_PUBLIC_IP: required in production (Gov-Vendor-Public-IP)',
    ]);
  });

  it('lets production run against the embedded simulator without them, reporting (nothing reaches HMRC)', () => {
    expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' }).fraud.mode).toBe(
      'report',
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        CORS_ORIGINS: 'https://app.example.com',
        FRAUD_HEADERS_MODE: 'enforce',
      }).fraud.mode,
    ).toBe('enforce');
  });

  it('defaults to enforce in production and report elsewhere; FRAUD_HEADERS_MODE overrides', () => {
    const vendor = { GOV_VENDOR_PUBLIC_IP: '203.0.113.6', GOV_VENDOR_PRODUCT_NAME: 'Tax App' };
    expect(loadConfig({ ...production, ...vendor }).fraud.mode).toBe('enforce');
    expect(loadConfig({ ...production, ...vendor, FRAUD_HEADERS_MODE: 'report' }).fraud.mode).toBe('report');
    expect(loadConfig({}).fraud.mode).toBe('report');
    expect(loadConfig({ NODE_ENV: 'test', FRAUD_HEADERS_MODE: 'off' }).fraud.mode).toBe('off');
  });

  it('parses TRUSTED_PROXIES as CIDRs and single addresses, IPv4 and IPv6', () => {
    const { trustedProxies } = loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1 ,fd00::/8,::1' }).fraud;
    expect(trustedProxies.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual([
      '10.0.0.0/8',
      '127.0.0.1/32',
      'fd00::/8',
      '::1/128',
    ]);
  });

  it('reports every bad fraud setting at once', () => {
    expect(
      problemsOf({
        FRAUD_HEADERS_MODE: 'strict',
        FRAUD_ALLOW_BATCH: 'yes',
        TRUSTED_PROXIES: '10.0.0.0/8,not-an-ip,10.0.0.0/33',
        FRAUD_CLIENT_PORT_HEADER: 'X Client Port',
        GOV_VENDOR_PUBLIC_IP: '10.1.2.3',
        GOV_VENDOR_LICENSE_IDS: 'no-equals-sign',
      }),
    ).toEqual([
      expect.stringMatching(/^FRAUD_HEADERS_MODE: /),
      expect.stringMatching(/^FRAUD_ALLOW_BATCH: /),
      'TRUSTED_PROXIES: "not-an-ip" is not an IP address or CIDR such as 10.0.0.0/8',
      'TRUSTED_PROXIES: "10.0.0.0/33" is not an IP address or CIDR such as 10.0.0.0/8',
      'FRAUD_CLIENT_PORT_HEADER: must be an HTTP header name such as X-Client-Port',
      'GOV_VENDOR_PUBLIC_IP: must be a public address (not private, loopback, link-local or unique-local)',
      'GOV_VENDOR_LICENSE_IDS: entries must be software-name=hashed-licence',
    ]);
  });

  it('accepts the documentation ranges as the vendor IP', () => {
    expect(loadConfig({ GOV_VENDOR_PUBLIC_IP: '2001:db8::6' }).fraud.vendorPublicIp).toBe('2001:db8::6');
  });
});

it('reports missing vendor settings together with every other problem', () => {
  expect(
    problemsOf({
      NODE_ENV: 'production',
      HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk',
      CORS_ORIGINS: 'https://app.example.com',
      PORT: 'x',
    }),
  ).toEqual([
    'PORT: must be a whole number',
    'GOV_VENDOR_PUBLIC_IP: required in production (Gov-Vendor-Public-IP)',
    'GOV_VENDOR_PRODUCT_NAME: required in production (Gov-Vendor-Product-Name)',
  ]);
});
describe('retries and the circuit breaker', () => {
  it('reads every retry and breaker setting', () => {
    const { hmrc } = loadConfig({
      HMRC_RETRY_MAX: '1',
      HMRC_RETRY_BASE_DELAY_MS: '50',
      HMRC_RETRY_MAX_DELAY_MS: '400',
      HMRC_RETRY_BUDGET_PERCENT: '10',
      HMRC_RETRY_BUDGET_MIN_RETRIES: '0',
      HMRC_RETRY_BUDGET_WINDOW_MS: '30000',
      HMRC_BREAKER_FAILURE_PERCENT: '75',
      HMRC_BREAKER_WINDOW_CALLS: '40',
      HMRC_BREAKER_MIN_CALLS: '10',
      HMRC_BREAKER_COOLDOWN_MS: '5000',
    });
    expect(hmrc.retry).toEqual({
      maxRetries: 1,
      baseDelayMs: 50,
      maxDelayMs: 400,
      budget: { percent: 10, minRetries: 0, windowMs: 30_000 },
    });
    expect(hmrc.breaker).toEqual({ failureRatio: 0.75, windowCalls: 40, minCalls: 10, cooldownMs: 5_000 });
  });

  it('turns the breaker off with a cool-down of 0', () => {
    expect(loadConfig({ HMRC_BREAKER_COOLDOWN_MS: '0' }).hmrc.breaker).toBeUndefined();
  });

  it('reports every out-of-range setting at once', () => {
    expect(
      problemsOf({
        HMRC_RETRY_MAX: '6',
        HMRC_RETRY_BUDGET_PERCENT: '101',
        HMRC_BREAKER_FAILURE_PERCENT: '100',
        HMRC_BREAKER_WINDOW_CALLS: '0',
        HMRC_RETRY_BUDGET_WINDOW_MS: '1.5',
      }).map((problem) => problem.split(':')[0]),
    ).toEqual([
      'HMRC_RETRY_MAX',
      'HMRC_RETRY_BUDGET_PERCENT',
      'HMRC_RETRY_BUDGET_WINDOW_MS',
      'HMRC_BREAKER_FAILURE_PERCENT',
      'HMRC_BREAKER_WINDOW_CALLS',
    ]);
  });

  it('refuses settings that contradict each other, naming both', () => {
    expect(
      problemsOf({
        HMRC_RETRY_BASE_DELAY_MS: '500',
        HMRC_RETRY_MAX_DELAY_MS: '100',
        HMRC_BREAKER_WINDOW_CALLS: '4',
        HMRC_BREAKER_MIN_CALLS: '5',
      }),
    ).toEqual([
      'HMRC_RETRY_MAX_DELAY_MS: must be at least HMRC_RETRY_BASE_DELAY_MS',
      'HMRC_BREAKER_MIN_CALLS: must be at most HMRC_BREAKER_WINDOW_CALLS',
    ]);
  });
});

describe('GraphQL client-facing settings', () => {
  it('reads the object id secret, the mode and trusted-document manifests', () => {
    const config = loadConfig({
      OBJECT_ID_SECRET: 'x'.repeat(32),
      GRAPHQL_MODE: 'subgraph',
      TRUSTED_DOCUMENTS_MANIFESTS: ' a.json, ,b.json ',
      TRUSTED_DOCUMENTS_ONLY: 'true',
    });
    expect(config.graphql).toEqual({
      objectIdSecret: 'x'.repeat(32),
      mode: 'subgraph',
      trustedDocumentManifests: ['a.json', 'b.json'],
      trustedDocumentsOnly: true,
    });
  });

  it('refuses a short id secret, an unknown mode and trusted-only without manifests, all at once', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ OBJECT_ID_SECRET: 'short', GRAPHQL_MODE: 'gateway', TRUSTED_DOCUMENTS_ONLY: 'true' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.join('\n')).toMatch(/OBJECT_ID_SECRET/);
    expect(problems.join('\n')).toMatch(/GRAPHQL_MODE/);
    expect(loadConfig.bind(null, { TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow(/TRUSTED_DOCUMENTS_MANIFESTS/);
    expect(loadConfig.bind(null, { TRUSTED_DOCUMENTS_ONLY: 'yes' })).toThrow(ConfigError);
  });
});
