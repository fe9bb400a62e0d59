/**
 * The sign-in routes, mounted at `/oauth` when OAuth is configured:
 *
 * - `GET /oauth/authorize?scope=…&returnTo=…[&code_challenge=…]` → HMRC's authorise page (Authorization Code
 *   grant with PKCE S256 and a signed, single-use, short-lived `state` bound to this browser by a cookie);
 * - `GET /oauth/callback` ← HMRC, with `code` and `state` (or `error`): exchanges the code, then either sets the
 *   session cookie and returns the browser to `returnTo`, or (mobile) returns to the app's redirect URI with a
 *   one-time `handoff` code;
 * - `POST /oauth/session` `{ handoff, code_verifier }` → `{ sessionToken, expiresAt }` (mobile apps);
 * - `POST /oauth/logout` ends the session (cookie or `Authorization: Session …`).
 *
 * HMRC's rules: Developer Hub, "Authorization Code grant"
 * (https://developer.service.hmrc.gov.uk/api-documentation/docs/authorisation/user-restricted-endpoints). Every
 * failure ends as a short page (or JSON, for clients that ask for it) naming an OAuth error code; nothing a
 * caller or HMRC sent is echoed, and no token, code, verifier or secret is ever written to a response or a log.
 */
import { parse as parseCookies } from 'cookie';
import express from 'express';
import type { Request, Response, Router } from 'express';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { KeyRing } from './keys';
import { randomSecret, sameText, secretId } from './keys';
import { challengeOf, isChallenge, isVerifier, newVerifier } from './pkce';
import type { ReturnTo, ReturnToRules } from './return-to';
import { classifyReturnTo, withParam } from './return-to';
import type { SessionService } from './sessions';
import type { SealedStore } from './store';
import { StoreUnavailable } from './store';
import type { TokenClient, TokenSet } from './token-client';
import { TokenEndpointUnreachable, TokenRejected } from './token-client';
import { isSessionToken } from './principal';

/**
 * How long a started sign-in may take: HMRC's sign-in, 2-step verification and possibly identity checks happen in
 * between. (The code HMRC returns is itself valid for 10 minutes, and is exchanged at once.)
 */
export const FLOW_TTL_MS = 15 * 60_000;
/** A mobile app exchanges its handoff code as soon as its redirect URI opens. */
export const HANDOFF_TTL_MS = 2 * 60_000;

export interface OAuthRouteSettings extends ReturnToRules {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly authorizeUrl: string;
  readonly scopes: string;
  readonly secureCookies: boolean;
}

export interface CookieNames {
  readonly session: string;
  readonly browser: string;
}

/** `__Host-` cookies are bound to this exact host, over https, for the whole site; local development has neither. */
export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { session: '__Host-hmrc-session', browser: '__Host-hmrc-signin' }
    : { session: 'hmrc-session', browser: 'hmrc-signin' };
}

interface Flow {
  readonly browser: string;
  readonly verifier: string;
  readonly returnTo: ReturnTo;
  readonly appChallenge: string | undefined;
  readonly scope: string;
}

interface Handoff {
  readonly tokens: TokenSet;
  readonly appChallenge: string;
  readonly authorisedAt: number;
}

export type OAuthError =
  'access_denied' | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'server_error';

const TITLES: Readonly<Record<OAuthError, string>> = {
  access_denied: 'Access was not granted',
  invalid_request: 'This sign-in link cannot be used',
  invalid_grant: 'This sign-in has expired',
  invalid_client: 'Sign-in with HMRC is not available',
  server_error: 'HMRC could not complete the sign-in',
};

const SCOPE = /^[A-Za-z0-9:_.-]+( [A-Za-z0-9:_.-]+)*$/;
const HANDOFF = /^[A-Za-z0-9_-]{43}$/;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export interface OAuthRouterDeps {
  readonly settings: OAuthRouteSettings;
  readonly keys: KeyRing;
  readonly store: SealedStore;
  readonly tokens: TokenClient;
  readonly sessions: SessionService;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function oauthRouter(deps: OAuthRouterDeps): Router {
  const { settings, keys, store, tokens, sessions, logger } = deps;
  const names = cookieNames(settings.secureCookies);
  const now = () => deps.clock.now().getTime();
  const cookieBase = { httpOnly: true, secure: settings.secureCookies, sameSite: 'lax' as const, path: '/' };
  const router = express.Router();

  router.use((_req, res, next) => {
    // Nothing here may be cached or leak through a Referer (URLs carry codes and state).
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache', 'referrer-policy': 'no-referrer' });
    next();
  });

  /** A clear page, or JSON for a client that asks for it; never a stack trace, never anything echoed. */
  function fail(req: Request, res: Response, error: OAuthError, status: number, detail: string): void {
    logger.info({ route: req.path, error, status }, 'Sign-in refused');
    // `/session` is called by apps, never shown to a person: always JSON.
    if (req.path === '/session' || req.accepts(['html', 'json']) === 'json') {
      res.status(status).json({ error, error_description: detail });
      return;
    }
    const title = TITLES[error];
    res
      .status(status)
      .type('html')
      .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
          '<meta name="viewport" content="width=device-width, initial-scale=1"></head>' +
          `<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>${escapeHtml(title)}</h1>` +
          `<p>${escapeHtml(detail)}</p><p>Error code: <code>${error}</code></p></body></html>`,
      );
  }

  /** The failure of a sign-in whose flow is known: a mobile app gets it at its redirect URI. */
  function failFlow(
    req: Request,
    res: Response,
    flow: Flow,
    error: OAuthError,
    status: number,
    detail: string,
  ) {
    if (flow.returnTo.mode === 'mobile') {
      logger.info({ route: req.path, error }, 'Sign-in refused; returning to the app');
      res.redirect(302, withParam(flow.returnTo.url, { error }));
      return;
    }
    fail(req, res, error, status, detail);
  }

  function signState(flowId: string, expiresAt: number): string {
    return `${flowId}.${expiresAt}.${keys.sign(`state\0${flowId}\0${expiresAt}`)}`;
  }

  /** The flow id of a genuine, unexpired state, or `undefined`. */
  function readState(state: string | undefined): string | undefined {
    const [flowId, expires, signature, ...rest] = (state ?? '').split('.');
    if (!flowId || !expires || !signature || rest.length > 0 || !/^\d{1,15}$/.test(expires)) return undefined;
    if (!keys.verify(`state\0${flowId}\0${expires}`, signature)) return undefined;
    return Number(expires) > now() ? flowId : undefined;
  }

  router.get('/authorize', async (req, res) => {
    const scope = single(req.query.scope) ?? settings.scopes;
    if (scope.length > 512 || !SCOPE.test(scope))
      return fail(req, res, 'invalid_request', 400, 'scope must be space-separated HMRC scopes.');
    const returnTo = classifyReturnTo(req.query.returnTo, settings);
    if (!returnTo)
      return fail(
        req,
        res,
        'invalid_request',
        400,
        'returnTo must be a path on this gateway, an allowed origin or a registered app redirect URI.',
      );
    const appChallenge = single(req.query.code_challenge);
    const method = single(req.query.code_challenge_method);
    if (returnTo.mode === 'mobile') {
      if (!isChallenge(appChallenge) || (method !== undefined && method !== 'S256'))
        return fail(
          req,
          res,
          'invalid_request',
          400,
          'A mobile sign-in needs code_challenge, the S256 challenge of a verifier the app keeps.',
        );
    } else if (appChallenge !== undefined) {
      return fail(req, res, 'invalid_request', 400, 'code_challenge is only for app redirect URIs.');
    }

    // One binding per browser (reused, so two sign-ins in two tabs do not undo each other).
    const existing = parseCookies(req.headers.cookie ?? '')[names.browser];
    const browser = existing && HANDOFF.test(existing) ? existing : randomSecret();
    const flowId = randomSecret();
    const verifier = newVerifier();
    const flow: Flow = {
      browser: secretId('browser', browser),
      verifier,
      returnTo,
      appChallenge: returnTo.mode === 'mobile' ? appChallenge : undefined,
      scope,
    };
    try {
      await store.set('flow', flowId, flow, FLOW_TTL_MS);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      return fail(req, res, 'server_error', 503, 'Sign-in is unavailable just now. Try again shortly.');
    }
    const target = new URL(settings.authorizeUrl);
    target.search = new URLSearchParams({
      response_type: 'code',
      client_id: settings.clientId,
      scope,
      state: signState(flowId, now() + FLOW_TTL_MS),
      redirect_uri: settings.redirectUri,
      code_challenge: challengeOf(verifier),
      code_challenge_method: 'S256',
    }).toString();
    res.cookie(names.browser, browser, { ...cookieBase, maxAge: FLOW_TTL_MS });
    res.redirect(302, target.toString());
  });

  router.get('/callback', async (req, res) => {
    const flowId = readState(single(req.query.state));
    if (!flowId)
      return fail(
        req,
        res,
        'invalid_request',
        400,
        'The sign-in link is invalid or has expired. Start again.',
      );
    const browser = parseCookies(req.headers.cookie ?? '')[names.browser];
    let flow: Flow | undefined;
    try {
      flow = await store.get<Flow>('flow', flowId);
      // Single use: only the request whose delete removed the flow may complete it.
      if (flow && browser && sameText(flow.browser, secretId('browser', browser))) {
        if (!(await store.delete('flow', flowId))) flow = undefined;
      } else if (flow) {
        return fail(
          req,
          res,
          'invalid_request',
          400,
          'This sign-in was started in another browser. Start again.',
        );
      }
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      return fail(req, res, 'server_error', 503, 'Sign-in is unavailable just now. Try again shortly.');
    }
    if (!flow)
      return fail(req, res, 'invalid_request', 400, 'This sign-in link was already used. Start again.');

    const error = single(req.query.error);
    if (error !== undefined) {
      if (error === 'access_denied')
        return failFlow(
          req,
          res,
          flow,
          'access_denied',
          403,
          'You did not give this service access to HMRC.',
        );
      if (error === 'server_error' || error === 'temporarily_unavailable')
        return failFlow(
          req,
          res,
          flow,
          'server_error',
          502,
          'HMRC could not sign you in just now. Try again.',
        );
      return failFlow(
        req,
        res,
        flow,
        'invalid_request',
        400,
        'HMRC refused the sign-in request. Start again.',
      );
    }
    const code = single(req.query.code);
    if (!code || code.length > 1024)
      return failFlow(
        req,
        res,
        flow,
        'invalid_request',
        400,
        'HMRC sent no authorisation code. Start again.',
      );

    let granted: TokenSet;
    try {
      granted = await tokens.exchangeCode(code, settings.redirectUri, flow.verifier);
    } catch (failure) {
      if (failure instanceof TokenRejected) {
        const status = failure.error === 'invalid_grant' || failure.error === 'invalid_request' ? 400 : 502;
        const detail =
          failure.error === 'invalid_client'
            ? 'HMRC refused this service’s credentials. Its operators have been told.'
            : failure.error === 'server_error'
              ? 'HMRC could not complete the sign-in just now. Try again.'
              : 'The sign-in code was refused (expired or already used). Start again.';
        return failFlow(req, res, flow, failure.error, status, detail);
      }
      if (failure instanceof TokenEndpointUnreachable)
        return failFlow(req, res, flow, 'server_error', 503, 'HMRC could not be reached. Try again shortly.');
      throw failure;
    }

    try {
      if (flow.returnTo.mode === 'mobile') {
        const handoff = randomSecret();
        const record: Handoff = { tokens: granted, appChallenge: flow.appChallenge!, authorisedAt: now() };
        await store.set('handoff', handoff, record, HANDOFF_TTL_MS);
        return res.redirect(302, withParam(flow.returnTo.url, { handoff }));
      }
      const session = await sessions.create(granted);
      res.cookie(names.session, session.sessionToken, {
        ...cookieBase,
        maxAge: Math.max(0, session.expiresAt.getTime() - now()),
      });
      return res.redirect(303, flow.returnTo.url);
    } catch (failure) {
      if (!(failure instanceof StoreUnavailable)) throw failure;
      return failFlow(
        req,
        res,
        flow,
        'server_error',
        503,
        'Sign-in is unavailable just now. Try again shortly.',
      );
    }
  });

  router.post('/session', express.json({ limit: '4kb' }), async (req, res) => {
    const body = (req.body ?? {}) as { handoff?: unknown; code_verifier?: unknown };
    if (typeof body.handoff !== 'string' || !HANDOFF.test(body.handoff) || !isVerifier(body.code_verifier))
      return fail(req, res, 'invalid_request', 400, 'Send { "handoff", "code_verifier" } as JSON.');
    let handoff: Handoff | undefined;
    try {
      // Taken before the verifier is checked: one attempt per handoff code, right or wrong.
      handoff = await store.take<Handoff>('handoff', body.handoff);
      if (!handoff || !sameText(handoff.appChallenge, challengeOf(body.code_verifier)))
        return fail(
          req,
          res,
          'invalid_grant',
          400,
          'The handoff code is unknown, expired, used or not yours.',
        );
      const session = await sessions.create(handoff.tokens, handoff.authorisedAt);
      return res.json({ sessionToken: session.sessionToken, expiresAt: session.expiresAt.toISOString() });
    } catch (failure) {
      if (!(failure instanceof StoreUnavailable)) throw failure;
      return fail(req, res, 'server_error', 503, 'Sign-in is unavailable just now. Try again shortly.');
    }
  });

  router.post('/logout', async (req, res) => {
    const header = req.headers.authorization?.trim();
    const fromHeader = /^Session\s+(\S+)$/i.exec(header ?? '')?.[1];
    const token = fromHeader ?? (header ? undefined : parseCookies(req.headers.cookie ?? '')[names.session]);
    if (isSessionToken(token)) await sessions.end(token, 'signed out');
    res.clearCookie(names.session, cookieBase);
    res.status(204).end();
  });

  // Whatever goes wrong unexpectedly is a plain server_error: logged (without request data), never a stack.
  router.use((failure: unknown, req: Request, res: Response, next: (error?: unknown) => void) => {
    if (res.headersSent) return next(failure);
    const status = (failure as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return fail(req, res, 'invalid_request', 400, 'The request could not be read.');
    logger.error(
      { route: req.path, error: failure instanceof Error ? failure.name : 'unknown' },
      'Sign-in failed',
    );
    fail(req, res, 'server_error', 500, 'Something went wrong while signing in. Try again.');
  });
  return router;
}
