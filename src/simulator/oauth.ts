/**
 * HMRC's OAuth 2.0 endpoints, simulated: `GET /oauth/authorize` (the sign-in page, which here approves its one
 * test user at once, or refuses with `access_denied` when the requested scope contains `deny`) and
 * `POST /oauth/token` (the `authorization_code` and `refresh_token` grants). Behaviour follows HMRC's Developer
 * Hub, "Authorization Code grant"
 * (https://developer.service.hmrc.gov.uk/api-documentation/docs/authorisation/user-restricted-endpoints):
 * codes are single use and expire after 10 minutes; PKCE (S256) is checked when the authorise request had a
 * challenge; access tokens last `expires_in` seconds (HMRC: 14400); each refresh returns a new refresh token,
 * ends the old one and the old access token at once; a refresh while another of the same grant is under way is
 * 400 `invalid_request` "Refresh operation is already in progress"; after 18 months the grant is `invalid_grant`.
 *
 * Where HMRC's page says an unknown or used code is `invalid_request`, this answers `invalid_grant`, as RFC 6749
 * §5.2 has it (the gateway treats both as "start the sign-in again").
 *
 * The tokens it issues carry a MAC under a key of this simulator instance, so it recognises its own tokens (and
 * refuses them once expired or replaced with 401 `INVALID_CREDENTIALS`) while any other well-formed bearer
 * token is still accepted as before, each its own test user.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type express from 'express';

export interface SimulatorOAuthOptions {
  /** client_id → client_secret. Unset: any client id with any non-empty secret. */
  readonly clients?: Readonly<Record<string, string>>;
  /** `expires_in` of issued access tokens (default HMRC's 14400). */
  readonly accessTokenTtlSeconds?: number;
  /** How long a refresh takes (default 0), so that tests can make two refreshes overlap. */
  readonly refreshDelayMs?: number;
  /** The test user every sign-in approves. */
  readonly userId?: string;
}

interface Code {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string | undefined;
  readonly scope: string;
  readonly expiresAt: number;
}

interface Grant {
  readonly clientId: string;
  readonly userId: string;
  readonly scope: string;
  readonly authorisedAt: number;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshing: boolean;
}

export interface TokenCall {
  readonly grantType: string;
  readonly status: number;
  readonly error?: string;
}

const CODE_TTL_MS = 10 * 60_000;
const AUTHORITY_MONTHS = 18;
const MAX_GRANTS = 10_000;

function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

export class SimulatorOAuth {
  readonly #key = randomBytes(32);
  readonly #codes = new Map<string, Code>();
  readonly #grants = new Map<string, Grant>();
  /** Token → grant id, for the current access and refresh tokens of every grant. */
  readonly #byAccess = new Map<string, string>();
  readonly #byRefresh = new Map<string, string>();
  /** Every call to the token endpoint (grant type and outcome only: nothing secret). */
  readonly tokenCalls: TokenCall[] = [];
  /** The last codes and tokens minted, for tests that assert none of them leaks into a log or response. */
  readonly #minted: string[] = [];

  constructor(
    private readonly options: SimulatorOAuthOptions,
    private readonly now: () => Date,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.options.accessTokenTtlSeconds ?? 14_400;
  }

  /** 32 hex characters like HMRC's tokens: 24 random, 8 of MAC. */
  #mint(): string {
    const random = randomBytes(12).toString('hex');
    const token = random + this.#mac(random);
    this.#minted.push(token);
    if (this.#minted.length > 1_000) this.#minted.shift();
    return token;
  }

  /** Every code, access token and refresh token recently issued (tests: "nothing secret leaked"). */
  minted(): readonly string[] {
    return [...this.#minted];
  }

  /** Ends every access token at once, as HMRC does when a token is revoked (tests: the 401-then-refresh path). */
  expireAccessTokens(): void {
    for (const grant of this.#grants.values()) grant.accessExpiresAt = 0;
  }

  #mac(random: string): string {
    return createHmac('sha256', this.#key).update(random).digest('hex').slice(0, 8);
  }

  #ours(token: string): boolean {
    return /^[0-9a-f]{32}$/.test(token) && this.#mac(token.slice(0, 24)) === token.slice(24);
  }

  /**
   * Who an API call is from: `{ caller }` for a usable token (the test user of a token this simulator issued, so
   * that a refresh keeps the user's data), `{ rejected: true }` for one it issued that is expired or replaced.
   */
  callerOf(token: string): { caller: string } | { rejected: true } {
    if (!this.#ours(token)) return { caller: createHash('sha256').update(token).digest('hex').slice(0, 32) };
    const grant = this.#grants.get(this.#byAccess.get(token) ?? '');
    if (!grant || this.now().getTime() >= grant.accessExpiresAt) return { rejected: true };
    return { caller: createHash('sha256').update(`user\0${grant.userId}`).digest('hex').slice(0, 32) };
  }

  register(app: express.Express): void {
    app.get('/oauth/authorize', (req, res) => this.#authorize(req, res));
    app.post('/oauth/token', (req, res) => {
      void this.#token(req, res);
    });
  }

  #authorize(req: express.Request, res: express.Response): void {
    const q = (name: string) => (typeof req.query[name] === 'string' ? req.query[name] : undefined);
    const clientId = q('client_id');
    const redirectUri = q('redirect_uri');
    // Errors HMRC shows on its own page (nothing trustworthy to redirect to).
    if (!clientId || (this.options.clients && !(clientId in this.options.clients)))
      return void res
        .status(400)
        .json({ error: 'invalid_request', error_description: 'client_id is invalid' });
    if (!redirectUri || !URL.canParse(redirectUri))
      return void res
        .status(400)
        .json({ error: 'invalid_request', error_description: 'redirect_uri is invalid' });
    const back = (params: Record<string, string | undefined>) => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(params))
        if (value !== undefined) target.searchParams.set(name, value);
      res.redirect(302, target.toString());
    };
    const state = q('state');
    if (q('response_type') !== 'code') return back({ error: 'unsupported_response_type', state });
    const scope = q('scope');
    if (!scope) return back({ error: 'invalid_scope', state });
    const challenge = q('code_challenge');
    const method = q('code_challenge_method');
    if ((challenge !== undefined || method !== undefined) && (method !== 'S256' || !challenge))
      return back({ error: 'invalid_request', error_description: 'PKCE parameters are invalid', state });
    if (scope.includes('deny'))
      return back({
        error: 'access_denied',
        error_description: 'user denied the authorization',
        error_code: 'USER_DENIED_AUTHORIZATION',
        state,
      });
    const code = this.#mint();
    this.#codes.set(code, {
      clientId,
      redirectUri,
      challenge,
      scope,
      expiresAt: this.now().getTime() + CODE_TTL_MS,
    });
    back({ code, state });
  }

  async #token(req: express.Request, res: express.Response): Promise<void> {
    const form = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    const field = (name: string) => form.get(name) ?? undefined;
    const grantType = field('grant_type') ?? '';
    const answer = (status: number, body: Record<string, unknown>) => {
      this.tokenCalls.push({
        grantType,
        status,
        ...(typeof body.error === 'string' ? { error: body.error } : {}),
      });
      res.status(status).set('cache-control', 'no-store').json(body);
    };
    const refuse = (status: number, error: string, description: string) =>
      answer(status, { error, error_description: description });

    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
      return refuse(400, 'invalid_request', 'content type must be application/x-www-form-urlencoded');
    const clientId = field('client_id');
    const clientSecret = field('client_secret');
    if (!clientId || !clientSecret)
      return refuse(400, 'invalid_request', 'client_id and client_secret are required');
    if (this.options.clients && this.options.clients[clientId] !== clientSecret)
      return refuse(401, 'invalid_client', 'invalid client id or secret');

    const now = this.now().getTime();
    if (grantType === 'authorization_code') {
      const codeValue = field('code');
      const redirectUri = field('redirect_uri');
      if (!codeValue || !redirectUri)
        return refuse(400, 'invalid_request', 'code and redirect_uri are required');
      const code = this.#codes.get(codeValue);
      this.#codes.delete(codeValue); // single use, whatever happens next
      if (!code || code.clientId !== clientId || now >= code.expiresAt)
        return refuse(400, 'invalid_grant', 'code is invalid, expired or already used');
      if (code.redirectUri !== redirectUri)
        return refuse(400, 'invalid_request', 'redirect_uri does not match');
      if (code.challenge !== undefined) {
        const verifier = field('code_verifier');
        if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier))
          return refuse(400, 'invalid_request', 'code_verifier is missing or malformed');
        if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
          return refuse(400, 'invalid_grant', 'code_verifier does not match');
      }
      const grant = this.#newGrant(clientId, code.scope, now);
      return answer(200, this.#tokenBody(grant));
    }
    if (grantType === 'refresh_token') {
      const refreshToken = field('refresh_token');
      if (!refreshToken) return refuse(400, 'invalid_request', 'refresh_token is required');
      const grantId = this.#byRefresh.get(refreshToken);
      const grant = this.#grants.get(grantId ?? '');
      if (!grant || grant.clientId !== clientId)
        return refuse(400, 'invalid_grant', 'refresh_token is invalid');
      if (now >= addMonths(grant.authorisedAt, AUTHORITY_MONTHS))
        return refuse(400, 'invalid_grant', 'the authority has expired');
      if (grant.refreshing) return refuse(400, 'invalid_request', 'Refresh operation is already in progress');
      grant.refreshing = true;
      try {
        if (this.options.refreshDelayMs) await delay(this.options.refreshDelayMs);
        // The old refresh and access tokens die at once.
        this.#byRefresh.delete(grant.refreshToken);
        this.#byAccess.delete(grant.accessToken);
        this.#issue(grantId!, grant, this.now().getTime());
      } finally {
        grant.refreshing = false;
      }
      return answer(200, this.#tokenBody(grant));
    }
    return refuse(400, 'invalid_request', 'grant_type is unsupported');
  }

  #newGrant(clientId: string, scope: string, now: number): Grant {
    const grantId = randomBytes(8).toString('hex');
    const grant: Grant = {
      clientId,
      userId: this.options.userId ?? 'sim-individual-1',
      scope,
      authorisedAt: now,
      accessToken: '',
      refreshToken: '',
      accessExpiresAt: 0,
      refreshing: false,
    };
    this.#issue(grantId, grant, now);
    this.#grants.set(grantId, grant);
    while (this.#grants.size > MAX_GRANTS) {
      const [oldestId, oldest] = this.#grants.entries().next().value as [string, Grant];
      this.#byAccess.delete(oldest.accessToken);
      this.#byRefresh.delete(oldest.refreshToken);
      this.#grants.delete(oldestId);
    }
    return grant;
  }

  #issue(grantId: string, grant: Grant, now: number): void {
    grant.accessToken = this.#mint();
    grant.refreshToken = this.#mint();
    grant.accessExpiresAt = now + this.accessTokenTtlSeconds * 1000;
    this.#byAccess.set(grant.accessToken, grantId);
    this.#byRefresh.set(grant.refreshToken, grantId);
  }

  #tokenBody(grant: Grant): Record<string, unknown> {
    return {
      access_token: grant.accessToken,
      token_type: 'bearer',
      expires_in: this.accessTokenTtlSeconds,
      refresh_token: grant.refreshToken,
      scope: grant.scope,
    };
  }

  /** Forgets every code and grant (tokens it issued then count as expired). */
  reset(): void {
    this.#codes.clear();
    this.#grants.clear();
    this.#byAccess.clear();
    this.#byRefresh.clear();
    this.tokenCalls.length = 0;
    this.#minted.length = 0;
  }
}
