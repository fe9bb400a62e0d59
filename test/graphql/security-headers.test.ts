/**
 * Security headers (helmet) on every response over HTTP, and a Content-Security-Policy that still lets Apollo's
 * landing page (Sandbox in development) load everything its HTML asks for.
 */
import type { Stack } from '../helpers/stack';
import { startStack } from '../helpers/stack';

function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectCommonHeaders(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(headers.get('x-powered-by')).toBeNull();
  const csp = directives(headers.get('content-security-policy'));
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
}

describe.each([
  ['development', false],
  ['production', true],
])('security headers (%s)', (_mode, production) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ production });
  });
  afterAll(() => stack?.stop());

  it('on GraphQL answers, with the strictest CSP (the gateway serves only JSON there)', async () => {
    const { status, headers } = await stack.gql('{ __typename }');
    expect(status).toBe(200);
    expectCommonHeaders(headers);
    expect(directives(headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
  });

  it('says no browser, proxy or CDN may keep a copy of any GraphQL answer (taxpayer data, refusals too)', async () => {
    const data = await stack.gql(
      '{ taxpayer(nino: "AA123456A") { taxYear(taxYear: "2023-24") { pensionCharges { submittedOn } } } }',
    );
    expect(data.status).toBe(200);
    expect(data.body.data).toBeTruthy();
    expect(data.headers.get('cache-control')).toBe('no-store');
    const refused = await stack.gql('{ __typename }', undefined, { authorization: '' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const byGet = await fetch(`${stack.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(byGet.headers.get('cache-control')).toBe('no-store');
    // Nor a validator to revalidate one with (and no hash of every answer spent on making it).
    for (const answer of [data.headers, refused.headers, byGet.headers])
      expect(answer.get('etag')).toBeNull();
  });

  it('on errors, /healthz, 404s and refused bodies too', async () => {
    const answers = await Promise.all([
      fetch(stack.url.replace('/graphql', '/healthz')),
      fetch(stack.url.replace('/graphql', '/nowhere')),
      fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      }),
      fetch(stack.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 404, 400, 204]);
    for (const answer of answers) {
      expectCommonHeaders(answer.headers);
      expect(directives(answer.headers.get('content-security-policy')).get('default-src')).toEqual([
        "'none'",
      ]);
    }
  });

  it('lets the landing page load every script, style and image its HTML names', async () => {
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expectCommonHeaders(page.headers);
    const csp = directives(page.headers.get('content-security-policy'));
    const html = await page.text();
    const origins = (pattern: RegExp) =>
      [...html.matchAll(pattern)]
        .map((m) => new URL(m[1]!).origin)
        .filter((o, i, all) => all.indexOf(o) === i);
    const scripts = origins(/<script[^>]*\ssrc="(https:[^"]+)"/g);
    expect(scripts.length).toBeGreaterThan(0);
    for (const origin of scripts) expect(csp.get('script-src')).toContain(origin);
    // Inline scripts carry the page's nonce; the header must not forbid inline code outright.
    expect(csp.get('script-src')).toContain("'unsafe-inline'");
    const stylesheets = [...html.matchAll(/<link\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => /rel="stylesheet"/.test(tag))
      .map((tag) => new URL(/href="([^"]+)"/.exec(tag)![1]!).origin);
    for (const origin of stylesheets) expect(csp.get('style-src')).toContain(origin);
    const images = [...html.matchAll(/<link\b[^>]*rel="icon"[^>]*>/g)].map((m) => m[0]);
    for (const tag of images)
      expect(csp.get('img-src')).toContain(new URL(/href="([^"]+)"/.exec(tag)![1]!).origin);
    if (!production) {
      // Apollo Sandbox runs in a frame from Apollo's embed host.
      expect(html).toContain('embeddable-sandbox');
      expect(csp.get('frame-src')).toContain('https://sandbox.embed.apollographql.com');
    }
  });
});
