/**
 * Sign-in configuration: off unless both client credentials are set; SESSION_SECRET required (a list for
 * rotation); HMRC's authorise page on the www host and the token endpoint on the API host by environment; the
 * embedded simulator's when there is no HMRC_BASE_URL; HMRC_AUTHORIZE_URL required for any other upstream;
 * Secure cookies everywhere but plain-http localhost.
 */
import { ConfigError, loadConfig } from '../../src/config';

/** What production requires besides sign-in (CORS, and the fraud-prevention vendor settings), set so that only
 * sign-in's own rules are at issue here. */
const PRODUCTION_REQUIRED = {
  CORS_ORIGINS: 'https://app.example.com',
  GOV_VENDOR_PUBLIC_IP: '203.0.113.6',
  GOV_VENDOR_PRODUCT_NAME: 'Tax App',
};

const SECRET = 'a-session-secret-of-at-least-32-characters';
const ON = { HMRC_CLIENT_ID: 'client', HMRC_CLIENT_SECRET: 'secret', SESSION_SECRET: SECRET };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('sign-in configuration', () => {
  it('is off without client credentials, and needs both', () => {
    expect(loadConfig({}).oauth).toBeUndefined();
    expect(problemsOf({ HMRC_CLIENT_ID: 'client', SESSION_SECRET: SECRET })).toEqual([
      expect.stringMatching(/^HMRC_CLIENT_ID and HMRC_CLIENT_SECRET/),
    ]);
  });

  it('defaults to the embedded simulator, local development and the four APIs’ scopes', () => {
    expect(loadConfig(ON).oauth).toEqual({
      clientId: 'client',
      clientSecret: 'secret',
      redirectUri: 'http://localhost:4000/oauth/callback',
      authorizeUrl: undefined,
      tokenUrl: undefined,
      sessionSecrets: [SECRET],
      allowedReturnOrigins: [],
      mobileRedirectUris: [],
      scopes: 'read:self-assessment write:self-assessment',
      secureCookies: false,
    });
  });

  it('uses HMRC’s www host to authorise and its API host for tokens, per environment', () => {
    const sandbox = loadConfig({ ...ON, HMRC_BASE_URL: 'https://test-api.service.hmrc.gov.uk' }).oauth!;
    expect([sandbox.authorizeUrl, sandbox.tokenUrl]).toEqual([
      'https://test-www.tax.service.gov.uk/oauth/authorize',
      'https://test-api.service.hmrc.gov.uk/oauth/token',
    ]);
    const live = loadConfig({
      ...ON,
      ...PRODUCTION_REQUIRED,
      NODE_ENV: 'production',
      HMRC_BASE_URL: 'https://api.service.hmrc.gov.uk/',
      OAUTH_REDIRECT_URI: 'https://tax.example.com/oauth/callback',
    }).oauth!;
    expect([live.authorizeUrl, live.tokenUrl, live.secureCookies]).toEqual([
      'https://www.tax.service.gov.uk/oauth/authorize',
      'https://api.service.hmrc.gov.uk/oauth/token',
      true,
    ]);
  });

  it('needs HMRC_AUTHORIZE_URL for an upstream that is not HMRC’s, and takes both overrides', () => {
    expect(problemsOf({ ...ON, HMRC_BASE_URL: 'http://127.0.0.1:4010' })).toEqual([
      expect.stringMatching(/^HMRC_AUTHORIZE_URL: required/),
    ]);
    const config = loadConfig({
      ...ON,
      HMRC_BASE_URL: 'http://127.0.0.1:4010',
      HMRC_AUTHORIZE_URL: 'http://127.0.0.1:4010/oauth/authorize',
    }).oauth!;
    expect(config.tokenUrl).toBe('http://127.0.0.1:4010/oauth/token');
    expect(
      loadConfig({ ...ON, HMRC_TOKEN_URL: 'https://tokens.example.com/oauth/token' }).oauth!.tokenUrl,
    ).toBe('https://tokens.example.com/oauth/token');
  });

  it('requires SESSION_SECRET, reads it as a rotation list, and refuses short keys', () => {
    expect(problemsOf({ HMRC_CLIENT_ID: 'c', HMRC_CLIENT_SECRET: 's' })).toEqual([
      expect.stringMatching(/^SESSION_SECRET: required/),
    ]);
    const rotated = loadConfig({ ...ON, SESSION_SECRET: `${SECRET}-new, ${SECRET}` }).oauth!;
    expect(rotated.sessionSecrets).toEqual([`${SECRET}-new`, SECRET]);
    expect(problemsOf({ ...ON, SESSION_SECRET: `${SECRET},short` })).toEqual([
      expect.stringMatching(/^SESSION_SECRET: every key must be at least 32 characters/),
    ]);
  });

  it('requires a registered https callback in production, and checks return origins and app URIs', () => {
    expect(problemsOf({ ...ON, ...PRODUCTION_REQUIRED, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^OAUTH_REDIRECT_URI: required in production/),
    ]);
    expect(problemsOf({ ...ON, OAUTH_REDIRECT_URI: 'http://tax.example.com/oauth/callback' })).toEqual([
      expect.stringMatching(/must be https/),
    ]);
    expect(problemsOf({ ...ON, OAUTH_REDIRECT_URI: 'https://tax.example.com/callback' })).toEqual([
      expect.stringMatching(/oauth\/callback/),
    ]);
    expect(
      problemsOf({
        ...ON,
        OAUTH_ALLOWED_RETURN_ORIGINS: 'https://app.example.com/,https://ok.example.com',
        OAUTH_MOBILE_REDIRECT_URIS: 'com.example.app:/done#x',
      }),
    ).toHaveLength(2);
    const config = loadConfig({
      ...ON,
      OAUTH_ALLOWED_RETURN_ORIGINS: 'https://app.example.com, http://localhost:3000',
      OAUTH_MOBILE_REDIRECT_URIS: 'com.example.app:/oauth/done,https://app.example.com/app-callback',
      OAUTH_SCOPES: 'read:self-assessment',
    }).oauth!;
    expect(config.allowedReturnOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(config.mobileRedirectUris).toEqual([
      'com.example.app:/oauth/done',
      'https://app.example.com/app-callback',
    ]);
    expect(config.scopes).toBe('read:self-assessment');
  });
});
