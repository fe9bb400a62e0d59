/**
 * Sign in with HMRC from a mobile app (system browser, one-time handoff code, PKCE verifier, then
 * `Authorization: Session …`), and the life of a session on a fake clock: refresh shortly before expiry, once
 * after HMRC's 401, cached data kept across a refresh, and the end of the authority (invalid_grant, 18 months).
 */
import { Browser, manualClock, pkcePair, signInMobile } from '../helpers/browser';
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

const APP = 'com.example.taxapp:/oauth/done';
const HOUR = 3_600_000;
const CHARGES = /* GraphQL */ `
  {
    taxpayer(nino: "AA123456A") {
      taxYear(taxYear: "2023-24") {
        pensionCharges {
          submittedOn
        }
      }
    }
  }
`;
const DISCLOSURES = /* GraphQL */ `
  {
    taxpayer(nino: "AA123456A") {
      taxYear(taxYear: "2023-24") {
        disclosures {
          submittedOn
        }
      }
    }
  }
`;

function session(token: string) {
  return { authorization: `Session ${token}` };
}

const refreshes = (stack: Stack) =>
  stack.simulator.oauth.tokenCalls.filter((c) => c.grantType === 'refresh_token');

describe('signing in with HMRC from a mobile app', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ oauth: { mobileRedirectUris: [APP] } });
  });
  afterAll(() => stack.stop());

  it('hands the app a one-time code, exchanged with its PKCE verifier for a session token', async () => {
    const { verifier, challenge } = pkcePair();
    const visit = await new Browser().visit(
      `${stack.origin}/oauth/authorize?returnTo=${encodeURIComponent(APP)}&code_challenge=${challenge}&code_challenge_method=S256`,
    );
    const back = new URL(visit.stoppedAt!);
    expect(`${back.protocol}${back.pathname}`).toBe(APP);
    const handoff = back.searchParams.get('handoff')!;
    expect(handoff).toMatch(/^[\w-]{43}$/);
    // No cookie for an app: the session is handed over by the code.
    expect(visit.hops.flatMap((h) => h.setCookies).some((c) => c.includes('hmrc-session'))).toBe(false);

    const exchange = (body: object) =>
      fetch(`${stack.origin}/oauth/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const response = await exchange({ handoff, code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { sessionToken: string; expiresAt: string };
    expect(body.sessionToken).toMatch(/^[\w-]{43}$/);
    const months = (Date.parse(body.expiresAt) - Date.now()) / (30.44 * 24 * HOUR);
    expect(months).toBeGreaterThan(17.9);
    expect(months).toBeLessThan(18.1);

    // Single use.
    const again = await exchange({ handoff, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(((await again.json()) as any).error).toBe('invalid_grant');

    const answer = await stack.gql(CHARGES, {}, session(body.sessionToken));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');

    const out = await fetch(`${stack.origin}/oauth/logout`, {
      method: 'POST',
      headers: session(body.sessionToken),
    });
    expect(out.status).toBe(204);
    const after = await stack.gql(CHARGES, {}, session(body.sessionToken));
    expect(after.status).toBe(401);
    expect(after.body.errors![0]!.extensions.code).toBe('REAUTHORISATION_REQUIRED');
  });

  it('refuses a wrong verifier (and the handoff is then spent), a missing challenge and an unlisted app URI', async () => {
    const { verifier, challenge } = pkcePair();
    const visit = await new Browser().visit(
      `${stack.origin}/oauth/authorize?returnTo=${encodeURIComponent(APP)}&code_challenge=${challenge}`,
    );
    const handoff = new URL(visit.stoppedAt!).searchParams.get('handoff');
    const wrong = await fetch(`${stack.origin}/oauth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handoff, code_verifier: pkcePair().verifier }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as any).error).toBe('invalid_grant');
    const right = await fetch(`${stack.origin}/oauth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handoff, code_verifier: verifier }),
    });
    expect(right.status).toBe(400);

    for (const query of [
      `returnTo=${encodeURIComponent(APP)}`,
      `returnTo=${encodeURIComponent(`${APP}/x`)}&code_challenge=${challenge}`,
    ]) {
      const response = await fetch(`${stack.origin}/oauth/authorize?${query}`, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).error).toBe('invalid_request');
    }
    const malformed = await stack.gql(CHARGES, {}, { authorization: 'Session not-a-token' });
    expect(malformed.status).toBe(401);
    expect(malformed.body.errors![0]!.extensions.code).toBe('INVALID_CREDENTIALS');
  });

  it('returns HMRC’s access_denied to the app', async () => {
    const { challenge } = pkcePair();
    const visit = await new Browser().visit(
      `${stack.origin}/oauth/authorize?scope=deny&returnTo=${encodeURIComponent(APP)}&code_challenge=${challenge}`,
    );
    expect(visit.stoppedAt).toBe(`${APP}?error=access_denied`);
  });
});

describe('the life of a session (fake clock)', () => {
  const clock = manualClock(Date.parse('2026-06-01T09:00:00Z'));
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ clock, cache: { ttlMs: 3_600_000 }, oauth: { mobileRedirectUris: [APP] } });
  });
  afterAll(() => stack.stop());

  it('refreshes once shortly before expiry, keeps the caller’s cached answers, and refreshes once after a 401', async () => {
    const { sessionToken } = await signInMobile(stack.origin, APP);
    expect((await stack.gql(CHARGES, {}, session(sessionToken))).body.errors).toBeUndefined();
    const firstToken = stack.simulator.requests.at(-1)!.authorization;

    // 4 h tokens: nothing happens with 6 minutes left, a refresh with less than 5 minutes left.
    clock.advance(4 * HOUR - 6 * 60_000);
    expect((await stack.gql(DISCLOSURES, {}, session(sessionToken))).body.errors).toBeUndefined();
    expect(refreshes(stack)).toHaveLength(0);
    clock.advance(2 * 60_000);
    stack.simulator.requests.length = 0;
    const both = await stack.gql(
      `{ taxpayer(nino: "AA123456A") { taxYear(taxYear: "2023-24") { pensionCharges { submittedOn } reliefs { pensions { submittedOn } } } } }`,
      {},
      session(sessionToken),
    );
    expect(both.body.errors).toBeUndefined();
    expect(refreshes(stack)).toEqual([{ grantType: 'refresh_token', status: 200 }]);
    // Pension charges came from the cache (same principal after the refresh); only reliefs went to HMRC, with
    // the new token.
    expect(stack.simulator.requests.map((r) => new URL(r.url, 'http://x').pathname)).toEqual([
      '/individuals/reliefs/pensions/AA123456A/2023-24',
    ]);
    expect(stack.simulator.requests[0]!.authorization).not.toBe(firstToken);

    // HMRC revokes the access token: 401 INVALID_CREDENTIALS, one refresh, the call made again, no error.
    stack.simulator.oauth.expireAccessTokens();
    const revoked = await stack.gql(
      `{ taxpayer(nino: "AA123456A") { taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }`,
      {},
      session(sessionToken),
    );
    expect(revoked.body.errors).toBeUndefined();
    expect(refreshes(stack)).toHaveLength(2);
  });

  it('ends the session with REAUTHORISATION_REQUIRED when HMRC refuses the grant (invalid_grant)', async () => {
    const { sessionToken } = await signInMobile(stack.origin, APP);
    stack.simulator.oauth.reset(); // HMRC forgets the grant: the refresh token is no longer valid
    clock.advance(4 * HOUR);
    const ended = await stack.gql(
      `{ taxpayer(nino: "AA123456A") { taxYear(taxYear: "2022-23") { pensionCharges { submittedOn } } } }`,
      {},
      session(sessionToken),
    );
    expect(ended.status).toBe(200);
    expect(ended.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(ended.body.errors).toEqual([
      expect.objectContaining({
        path: ['taxpayer', 'taxYear', 'pensionCharges'],
        extensions: { code: 'REAUTHORISATION_REQUIRED', status: 401, origin: 'GATEWAY' },
      }),
    ]);
    expect(refreshes(stack)).toEqual([{ grantType: 'refresh_token', status: 400, error: 'invalid_grant' }]);
    // The session is over: the next request is refused before anything runs.
    const next = await stack.gql(CHARGES, {}, session(sessionToken));
    expect(next.status).toBe(401);
    expect(next.body.errors![0]!.extensions.code).toBe('REAUTHORISATION_REQUIRED');
  });

  it('ends the session after HMRC’s 18 months of authority, without sending the refresh token', async () => {
    const { sessionToken } = await signInMobile(stack.origin, APP);
    const calls = stack.simulator.oauth.tokenCalls.length;
    clock.advance(18 * 31 * 24 * HOUR);
    const expired = await stack.gql(CHARGES, {}, session(sessionToken));
    expect(expired.status).toBe(401);
    expect(expired.body.errors![0]!.extensions).toEqual({
      code: 'REAUTHORISATION_REQUIRED',
      status: 401,
      origin: 'GATEWAY',
    });
    expect(stack.simulator.oauth.tokenCalls.length).toBe(calls);
  });
});
