/**
 * The simulator's HMRC OAuth endpoints over HTTP: authorise (approve, deny, PKCE parameters), the token
 * endpoint's two grants with single-use codes and refresh tokens, PKCE checked, client credentials checked, a
 * concurrent refresh refused as HMRC refuses it, and the tokens it issues accepted by its APIs until they expire
 * (then 401 INVALID_CREDENTIALS), while any other well-formed bearer token is still accepted as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Simulator } from '../../src/simulator/server';
import { createSimulator } from '../../src/simulator/server';
import { manualClock } from '../helpers/browser';

const REDIRECT = 'http://127.0.0.1:1/oauth/callback';
const clock = manualClock(Date.parse('2026-01-10T10:00:00Z'));

describe('the simulator’s OAuth endpoints', () => {
  let simulator: Simulator;
  let base: string;
  beforeAll(async () => {
    simulator = createSimulator({
      now: () => clock.now(),
      oauth: { clients: { app: 'app-secret' }, accessTokenTtlSeconds: 600, refreshDelayMs: 100 },
    });
    base = await simulator.listen(0);
  });
  afterAll(() => simulator.close());

  async function authorise(params: Record<string, string>) {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'app',
      redirect_uri: REDIRECT,
      scope: 'read:self-assessment',
      state: 'xyz',
      ...params,
    });
    const response = await fetch(`${base}/oauth/authorize?${query.toString()}`, { redirect: 'manual' });
    return { status: response.status, location: new URL(response.headers.get('location') ?? REDIRECT) };
  }

  async function token(fields: Record<string, string>) {
    const response = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'app', client_secret: 'app-secret', ...fields }),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const charges = (accessToken: string) =>
    fetch(`${base}/individuals/charges/pensions/AA123456A/2023-24`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/vnd.hmrc.3.0+json' },
    });

  it('approves, exchanges a code once with PKCE, refreshes once, and expires tokens', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const approved = await authorise({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect(approved.status).toBe(302);
    expect(approved.location.searchParams.get('state')).toBe('xyz');
    const code = approved.location.searchParams.get('code')!;

    const base = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
    expect((await token({ ...base, client_secret: 'wrong' })).body.error).toBe('invalid_client');
    // The refused client did not use up the code; its first real exchange does (codes are single use).
    const granted = await token({ ...base, code_verifier: verifier });
    expect(granted).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
        refresh_token: expect.stringMatching(/^[0-9a-f]{32}$/),
        token_type: 'bearer',
        expires_in: 600,
        scope: 'read:self-assessment',
      },
    });
    expect(await token({ ...base, code_verifier: verifier })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.any(String) },
    });
    expect((await charges(granted.body.access_token)).status).toBe(200);

    // Two refreshes at once: one succeeds, the other is HMRC's "already in progress".
    const refreshToken = granted.body.refresh_token;
    const [one, two] = await Promise.all([
      token({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      token({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    ]);
    expect([one.status, two.status]).toEqual([200, 400]);
    expect(two.body).toEqual({
      error: 'invalid_request',
      error_description: 'Refresh operation is already in progress',
    });
    // The old refresh and access tokens died with the refresh.
    expect((await token({ grant_type: 'refresh_token', refresh_token: refreshToken })).body.error).toBe(
      'invalid_grant',
    );
    const old = await charges(granted.body.access_token);
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: expect.any(String) });
    expect((await charges(one.body.access_token)).status).toBe(200);

    clock.advance(600_000);
    expect((await charges(one.body.access_token)).status).toBe(401);
    // Other well-formed bearer tokens are still accepted, each its own test user.
    expect((await charges('any-other-token')).status).toBe(200);

    // After 18 months the grant is gone.
    clock.advance(18 * 31 * 24 * 3_600_000);
    expect(
      (await token({ grant_type: 'refresh_token', refresh_token: one.body.refresh_token })).body.error,
    ).toBe('invalid_grant');
  });

  it('checks the verifier against the challenge, and denies when the scope asks it to', async () => {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const { location } = await authorise({ code_challenge: challenge, code_challenge_method: 'S256' });
    const mismatch = await token({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect([mismatch.status, mismatch.body.error]).toEqual([400, 'invalid_grant']);

    const denied = await authorise({ scope: 'read:self-assessment deny' });
    expect(Object.fromEntries(denied.location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: expect.any(String),
      error_code: 'USER_DENIED_AUTHORIZATION',
      state: 'xyz',
    });
    const plain = await authorise({ code_challenge_method: 'plain', code_challenge: 'x' });
    expect(plain.location.searchParams.get('error')).toBe('invalid_request');
    expect((await authorise({ client_id: 'someone-else' })).status).toBe(400);
  });

  it('does not record OAuth traffic (client secrets, codes, tokens) with the API requests', () => {
    expect(simulator.requests.every((r) => !r.url.startsWith('/oauth'))).toBe(true);
    expect(simulator.oauth.tokenCalls.length).toBeGreaterThan(5);
    expect(JSON.stringify(simulator.oauth.tokenCalls)).not.toMatch(/[0-9a-f]{32}|secret/);
  });
});
