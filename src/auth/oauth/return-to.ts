/**
 * Where a sign-in may send the browser back to. Never an open redirect: only a path on this gateway, an origin
 * listed in `OAUTH_ALLOWED_RETURN_ORIGINS` (web apps), or a redirect URI listed exactly in
 * `OAUTH_MOBILE_REDIRECT_URIS` (mobile apps, which then receive a one-time handoff code instead of a cookie).
 */
export type ReturnTo = { readonly mode: 'web' | 'mobile'; readonly url: string };

export interface ReturnToRules {
  readonly allowedReturnOrigins: readonly string[];
  readonly mobileRedirectUris: readonly string[];
}

const LOCAL = 'http://gateway.invalid';
const MAX_LENGTH = 2048;

export function classifyReturnTo(raw: unknown, rules: ReturnToRules): ReturnTo | undefined {
  if (raw === undefined || raw === '') return { mode: 'web', url: '/' };
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return undefined;
  // Control characters, spaces and backslashes are how "/\evil.example" and "/%09/evil.example" tricks are built:
  // browsers normalise them into another host. No legitimate return address has them.
  if ([...raw].some((c) => c <= ' ' || c === '\u007f' || c === '\\')) return undefined;
  if (rules.mobileRedirectUris.includes(raw)) return { mode: 'mobile', url: raw };
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) return undefined;
    const url = new URL(raw, LOCAL);
    return url.origin === LOCAL ? { mode: 'web', url: `${url.pathname}${url.search}${url.hash}` } : undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  // `origin` is "null" for schemes that have none (javascript:, data:), which is never listed.
  if (url.username || url.password || !rules.allowedReturnOrigins.includes(url.origin)) return undefined;
  return { mode: 'web', url: url.href };
}

/** `url` with `name=value` added to its query (mobile redirect URIs may carry a query of their own). */
export function withParam(url: string, params: Readonly<Record<string, string>>): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const query = new URLSearchParams(params).toString();
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}
