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
        maxConnections: 16,
        versions: { charges: '3.0', reliefs: '3.0', disclosures: '2.0', saAccount: '1.0' },
        disclosuresMinTaxYear: '2019-20',
        rateLimit: { requestsPerSecond: 3, maxWaitMs: 10_000 },
        maxConcurrencyPerRequest: 4,
        retry429Max: 2,
      },
      cache: {
        redisUrl: undefined,
        redisTimeoutMs: 250,
        ttlSeconds: { charges: 300, reliefs: 300, disclosures: 300, saAccount: 120 },
        notFoundTtlSeconds: 60,
        maxEntries: 10_000,
        apqTtlSeconds: 86_400,
      },
      simulator: { port: 0 },
      corsOrigins: '*',
      graphql: {
        objectIdSecret: undefined,
        mode: 'standalone',
        trustedDocumentManifests: [],
        trustedDocumentsOnly: false,
      },
    });
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
