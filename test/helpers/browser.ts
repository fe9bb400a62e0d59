/**
 * A browser, as far as sign-in needs one: real HTTP with `redirect: 'manual'`, following redirects itself and
 * keeping cookies in an RFC 6265 jar (tough-cookie), so Secure, HttpOnly, Path and expiry behave as in a browser.
 * It stops at the first address that is not on 127.0.0.1 (an app's redirect URI, another site) and reports it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from 'tough-cookie';

export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | undefined;
  readonly setCookies: string[];
}

export interface Visit {
  /** Every response seen, in order. */
  readonly hops: Hop[];
  /** The last response's status and body (a redirect that was not followed has `stoppedAt`). */
  readonly status: number;
  readonly body: string;
  readonly contentType: string | undefined;
  /** A redirect target that was not followed (not on 127.0.0.1). */
  readonly stoppedAt: string | undefined;
}

export class Browser {
  readonly jar = new CookieJar();
  /** Every response's URL, headers and body, for "nothing secret in responses" checks. */
  readonly seen: Array<{ url: string; text: string }> = [];

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      await this.jar.setCookie(setCookie, url, { ignoreError: true });
    }
    return response;
  }

  /** GETs `url` and follows redirects on 127.0.0.1, at most `maxHops`; stops before following `stopBefore`. */
  async visit(
    url: string,
    options: { accept?: string; maxHops?: number; stopBefore?: (url: string) => boolean } = {},
  ): Promise<Visit> {
    const hops: Hop[] = [];
    let current = url;
    for (let i = 0; i < (options.maxHops ?? 10); i++) {
      const response = await this.request(current, { headers: { accept: options.accept ?? 'text/html' } });
      const body = await response.text();
      const location = response.headers.get('location') ?? undefined;
      const setCookies = response.headers.getSetCookie();
      const headerText = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
      this.seen.push({ url: current, text: `${headerText}\n\n${body}` });
      hops.push({ url: current, status: response.status, location, setCookies });
      if (response.status < 300 || response.status >= 400 || !location) {
        return {
          hops,
          status: response.status,
          body,
          contentType: response.headers.get('content-type') ?? undefined,
          stoppedAt: undefined,
        };
      }
      const next = new URL(location, current).toString();
      if (new URL(next).hostname !== '127.0.0.1' || options.stopBefore?.(next)) {
        return { hops, status: response.status, body, contentType: undefined, stoppedAt: next };
      }
      current = next;
    }
    throw new Error('Too many redirects');
  }
}

/** A PKCE verifier and its S256 challenge, as a mobile app makes them. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Signs in as a mobile app would (system browser + handoff) and returns the session token. */
export async function signInMobile(
  origin: string,
  redirectUri: string,
  browser = new Browser(),
): Promise<{ sessionToken: string; expiresAt: string }> {
  const { verifier, challenge } = pkcePair();
  const visit = await browser.visit(
    `${origin}/oauth/authorize?returnTo=${encodeURIComponent(redirectUri)}&code_challenge=${challenge}`,
  );
  if (!visit.stoppedAt) throw new Error(`Sign-in did not return to the app: ${visit.status} ${visit.body}`);
  const handoff = new URL(visit.stoppedAt).searchParams.get('handoff');
  const response = await fetch(`${origin}/oauth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ handoff, code_verifier: verifier }),
  });
  if (response.status !== 200)
    throw new Error(`Handoff refused: ${response.status} ${await response.text()}`);
  return (await response.json()) as { sessionToken: string; expiresAt: string };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.now()): { now(): Date; advance(ms: number): void } {
  let at = start;
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}
