/**
 * Sign in with HMRC from a web app, over real HTTP through the simulator, following every redirect as a browser
 * does (cookies kept in a jar): the gateway's /oauth/authorize → the simulator's authorise page → the gateway's
 * /oauth/callback → returnTo, then GraphQL with the session cookie alone. Also: cookie attributes, open-redirect
 * attempts, state replay and forgery, HMRC's errors as clear pages, sign-out, CSRF prevention, and nothing
 * secret in responses or logs.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { Browser } from '../helpers/browser';
import type { Stack } from '../helpers/stack';
import { CLIENT_SECRET, SESSION_SECRETS, startStack } from '../helpers/stack';

const GRAPHQL_RESPONSE = 'application/graphql-response+json, application/json;q=0.9';

const APP = 'https://app.example.com';
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

/** Every line pino writes, as text. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

async function graphql(browser: Browser, stack: Stack, query: string, headers: Record<string, string> = {}) {
  const response = await browser.request(stack.url, {
    method: 'POST',
    // As Apollo Client 4 asks: request errors then keep their HTTP status (401 …); under plain application/json
    // they would be 200 with the code in the body (GraphQL over HTTP).
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  browser.seen.push({ url: stack.url, text });
  return { status: response.status, body: JSON.parse(text) };
}

describe('signing in with HMRC from a web app', () => {
  let stack: Stack;
  const logs = capturedLogger();
  /** Every browser of this suite, so the last test can read all that the gateway answered. */
  const browsers: Browser[] = [];
  const newBrowser = (): Browser => {
    const browser = new Browser();
    browsers.push(browser);
    return browser;
  };

  beforeAll(async () => {
    stack = await startStack({
      logger: logs.logger,
      oauth: { allowedReturnOrigins: [APP] },
      simulator: { logger: logs.logger },
    });
  });
  afterAll(() => stack.stop());

  it('follows the redirects to a session cookie, then answers GraphQL with HMRC tokens the caller never sees', async () => {
    const browser = newBrowser();
    const visit = await browser.visit(
      `${stack.origin}/oauth/authorize?returnTo=${encodeURIComponent('/healthz?x=1')}`,
    );

    expect(visit.hops.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/oauth/authorize', 302],
      ['/oauth/authorize', 302], // the simulator's authorise page, which approves at once
      ['/oauth/callback', 303],
      ['/healthz', 200],
    ]);
    const [start, hmrc, callback] = visit.hops;
    // To HMRC: Authorization Code grant with PKCE S256, state, the registered redirect URI, the default scopes.
    const authorise = new URL(start!.location!);
    expect(authorise.origin).toBe(stack.simulatorUrl);
    expect(Object.fromEntries(authorise.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'test-client-id',
      scope: 'read:self-assessment write:self-assessment',
      state: expect.stringMatching(/^[\w-]{43}\.\d+\.[\w-]{43}$/),
      redirect_uri: `${stack.origin}/oauth/callback`,
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
    });
    expect(authorise.searchParams.has('client_secret')).toBe(false);
    expect(new URL(hmrc!.location!).searchParams.get('state')).toBe(authorise.searchParams.get('state'));
    expect(callback!.location).toBe('/healthz?x=1');

    // The session cookie: HttpOnly, SameSite=Lax, whole site, for HMRC's 18 months; not Secure on plain-http
    // localhost (local development).
    const cookie = callback!.setCookies.find((c) => c.startsWith('hmrc-session='))!;
    expect(cookie).toMatch(/^hmrc-session=[\w-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(maxAge).toBeGreaterThan(540 * 86_400);
    expect(maxAge).toBeLessThan(560 * 86_400);
    const browserCookie = start!.setCookies.find((c) => c.startsWith('hmrc-signin='))!;
    expect(browserCookie).toMatch(/HttpOnly/);
    expect(browserCookie).toMatch(/SameSite=Lax/);

    stack.simulator.requests.length = 0;
    const answer = await graphql(browser, stack, CHARGES);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2023-07-27T17:00:19.000Z');
    // HMRC got an HMRC access token (the simulator's 32 hex characters), never the session token.
    // The history keeps a fingerprint of the Authorization header, never the header: compare fingerprints.
    const sent = stack.simulator.requests.map((r) => r.authorization);
    const issued = stack.simulator.oauth
      .minted()
      .map((token) => stack.simulator.fingerprint(`Bearer ${token}`));
    expect(sent).toHaveLength(1);
    expect(issued).toContain(sent[0]);
    const sessionToken = cookie.slice('hmrc-session='.length, cookie.indexOf(';'));
    expect(sent[0]).not.toBe(stack.simulator.fingerprint(`Session ${sessionToken}`));
    expect(sent[0]).not.toBe(stack.simulator.fingerprint(`Bearer ${sessionToken}`));
  });

  it('returns to an allowed origin, and refuses every other returnTo before anything is stored or sent', async () => {
    const browser = newBrowser();
    const visit = await browser.visit(
      `${stack.origin}/oauth/authorize?returnTo=${encodeURIComponent(`${APP}/done?tab=2`)}`,
    );
    expect(visit.stoppedAt).toBe(`${APP}/done?tab=2`);

    const attempts = [
      'https://evil.example/',
      '//evil.example/path',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
      'data:text/html,hi',
      `${APP}.evil.example/`,
      'http://app.example.com/',
      'https://user:pw@app.example.com/',
      'https://app.example.com:8443/',
      'com.example.taxapp:/oauth/done',
    ];
    for (const returnTo of attempts) {
      const response = await fetch(
        `${stack.origin}/oauth/authorize?returnTo=${encodeURIComponent(returnTo)}`,
        {
          redirect: 'manual',
          headers: { accept: 'application/json' },
        },
      );
      expect([returnTo, response.status, response.headers.get('location')]).toEqual([returnTo, 400, null]);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: expect.any(String),
      });
    }
  });

  it('refuses a replayed, forged, expired-looking or foreign-browser callback', async () => {
    const browser = newBrowser();
    const first = await browser.visit(`${stack.origin}/oauth/authorize`, {
      stopBefore: (url) => url.includes('/oauth/callback'),
    });
    const callbackUrl = first.stoppedAt!;
    expect(callbackUrl).toContain('/oauth/callback?code=');

    // From another browser (no binding cookie): refused, and the sign-in is still usable by its own browser.
    const stranger = await newBrowser().visit(callbackUrl, { accept: 'application/json' });
    expect(stranger.status).toBe(400);
    expect(JSON.parse(stranger.body).error).toBe('invalid_request');

    const done = await browser.visit(callbackUrl);
    expect(done.hops[0]!.status).toBe(303);

    // Replayed by the same browser: the state was single use.
    const replay = await browser.visit(callbackUrl, { accept: 'application/json' });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body)).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/already used/),
    });

    // A state whose signature or expiry was edited.
    const url = new URL(callbackUrl);
    const [flowId, expires, signature] = url.searchParams.get('state')!.split('.');
    for (const state of [
      `${flowId}.${Number(expires) + 1}.${signature}`,
      `${flowId}.${expires}.${'A'.repeat(43)}`,
      'nonsense',
    ]) {
      url.searchParams.set('state', state);
      const forged = await browser.visit(url.toString(), { accept: 'application/json' });
      expect(forged.status).toBe(400);
    }
  });

  it('ends HMRC’s refusals as clear pages: access_denied, a used code (invalid_grant), bad client credentials', async () => {
    const denied = await newBrowser().visit(`${stack.origin}/oauth/authorize?scope=deny`);
    expect(denied.status).toBe(403);
    expect(denied.contentType).toMatch(/text\/html/);
    expect(denied.body).toContain('access_denied');
    expect(denied.body).not.toMatch(/at .*\.ts:\d+|Error:/);

    // Two sign-ins in one browser; the second's code is used, then offered with the first's state.
    const browser = newBrowser();
    const stop = { stopBefore: (u: string) => u.includes('/oauth/callback') };
    const one = new URL((await browser.visit(`${stack.origin}/oauth/authorize`, stop)).stoppedAt!);
    const two = new URL((await browser.visit(`${stack.origin}/oauth/authorize`, stop)).stoppedAt!);
    expect((await browser.visit(two.toString())).hops[0]!.status).toBe(303);
    one.searchParams.set('code', two.searchParams.get('code')!);
    const reused = await browser.visit(one.toString(), { accept: 'application/json' });
    expect(reused.status).toBe(400);
    expect(JSON.parse(reused.body).error).toBe('invalid_grant');

    const wrong = await startStack({
      oauth: { clientSecret: 'not-the-registered-secret' },
      simulator: { oauth: { clients: { 'test-client-id': CLIENT_SECRET } } },
    });
    try {
      const refused = await newBrowser().visit(`${wrong.origin}/oauth/authorize`);
      expect(refused.status).toBe(502);
      expect(refused.body).toContain('invalid_client');
      const asJson = await newBrowser().visit(`${wrong.origin}/oauth/authorize`, {
        accept: 'application/json',
      });
      expect(JSON.parse(asJson.body)).toEqual({
        error: 'invalid_client',
        error_description: expect.any(String),
      });
    } finally {
      await wrong.stop();
    }
  });

  it('keeps Apollo’s CSRF prevention for cookie-authenticated requests, and signs out', async () => {
    const browser = newBrowser();
    await browser.visit(`${stack.origin}/oauth/authorize?returnTo=/healthz`);
    const simple = await browser.request(`${stack.url}?query=${encodeURIComponent(CHARGES)}`);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/i);

    expect((await graphql(browser, stack, CHARGES)).body.errors).toBeUndefined();
    const out = await browser.request(`${stack.origin}/oauth/logout`, { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/hmrc-session=;.*Expires=Thu, 01 Jan 1970/);

    // The old cookie value, replayed after sign-out, no longer works (nothing cached is served to it either).
    const cookieBefore = (await browser.jar.getCookieString(stack.origin)).length;
    expect(cookieBefore).toBeGreaterThan(0); // the browser binding cookie is still there, the session one is not
    const again = await graphql(browser, stack, CHARGES);
    expect(again.status).toBe(401);
    expect(again.body.errors[0].extensions.code).toBe('MISSING_CREDENTIALS');
  });

  it('refuses a session cookie after sign-out with REAUTHORISATION_REQUIRED', async () => {
    const browser = newBrowser();
    const visit = await browser.visit(`${stack.origin}/oauth/authorize?returnTo=/healthz`);
    const cookie = visit.hops[2]!.setCookies.find((c) => c.startsWith('hmrc-session='))!.split(';')[0]!;
    await fetch(`${stack.origin}/oauth/logout`, { method: 'POST', headers: { cookie } });
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, cookie },
      body: JSON.stringify({ query: CHARGES }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions).toEqual({
      code: 'REAUTHORISATION_REQUIRED',
      status: 401,
      origin: 'GATEWAY',
    });
    expect(body.data).toBeUndefined();
  });

  it('marks cookies Secure with the __Host- prefix outside local development', async () => {
    const secure = await startStack({
      oauth: { secureCookies: true, redirectUri: 'https://gateway.example.com/oauth/callback' },
    });
    try {
      const response = await fetch(`${secure.origin}/oauth/authorize`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      const [cookie] = response.headers.getSetCookie();
      expect(cookie).toMatch(
        /^__Host-hmrc-signin=[\w-]{43}; Max-Age=900; Path=\/; Expires=.*; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect(new URL(response.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
        'https://gateway.example.com/oauth/callback',
      );
    } finally {
      await secure.stop();
    }
  });

  it('writes no token, code, verifier or secret to a log or a response', () => {
    const secrets = [...stack.simulator.oauth.minted(), CLIENT_SECRET, ...SESSION_SECRETS];
    expect(secrets.length).toBeGreaterThan(10);
    const log = logs.lines.join('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(log).not.toContain(secret);
    // Session tokens: only in Set-Cookie, never in a log.
    expect(log).not.toMatch(/hmrc-session=[\w-]{43}/);
    // The gateway's own answers (HMRC's redirect to the callback carries the code, as it must).
    const answers = browsers
      .flatMap((b) => b.seen)
      .filter((seen) => seen.url.startsWith(stack.origin))
      .map((seen) => seen.text);
    expect(answers.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(answers.join('\n')).not.toContain(secret);
  });
});
