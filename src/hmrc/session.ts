/**
 * One caller's view of HMRC for the length of one GraphQL request: the shared client plus that caller's
 * credential and forwarded headers. Resource-level semantics live here: HMRC's 404 "no data" on a read is `null`;
 * any other answer must have the endpoint's documented shape (an empty 200 or a 204 is an error, not "no data").
 */
import pLimit from 'p-limit';
import type { Principal } from '../auth/principal';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { HmrcClient, UpstreamRequest, UpstreamResponse } from './client';
import type { ReadCoalescer } from './coalesce';
import type { ObservedRequest } from './observer';
import type { NinoCommand, YearKey, YearResource } from './endpoint';
import type { SaAccountDto } from './sa-account';
import { saAccountBreakdown } from './sa-account';
import type { IncomingHeaders, UpstreamHeaderPolicy } from './upstream-headers';
import { buildUpstreamHeaders, temporalValidationsHeader } from './upstream-headers';
import type { CancelSignal } from '../util/cancellation';

export interface WriteReceipt {
  readonly correlationId: string | undefined;
}

/**
 * Calls one request may have in flight at once, by default (HMRC_MAX_CONCURRENCY_PER_REQUEST): at least every
 * call one tax year needs (its nine per-year resources and the Self Assessment account), so that a one-year
 * query goes out at once, as a client calling HMRC's endpoints directly in parallel would, and takes as long as
 * the slowest call rather than several in a row. The application-wide rate limit still spaces them.
 */
export const DEFAULT_MAX_CONCURRENCY_PER_REQUEST = 10;

export interface SessionOptions {
  /** Calls this request may have in flight at once (default above); the rest wait their turn. */
  readonly maxConcurrency?: number;
  /**
   * The most calls to HMRC this request may cause (HMRC_MAX_CALLS_PER_REQUEST). The GraphQL layer refuses a
   * request whose shape needs more before anything is called; this counter is the backstop for what the shape
   * cannot tell (and for anything that calls the session directly).
   */
  readonly maxCalls?: number;
  /** Aborted when the request's client goes away or its deadline passes: its queued and in-flight calls stop. */
  readonly signal?: CancelSignal;
  /** Identical reads in flight, shared with this principal's other requests. */
  readonly coalescer?: ReadCoalescer;
  /** The GraphQL request this session serves, for the calls' log lines and the observer. */
  readonly request?: ObservedRequest;
}

export class HmrcSession {
  /** One GraphQL request may have at most this many calls to HMRC in flight; the rest wait their turn. */
  readonly #inFlight: ReturnType<typeof pLimit>;
  readonly #maxCalls: number;
  #calls = 0;
  /**
   * The headers every call of this request sends, built once (the credential, the scenario, two dozen
   * fraud-prevention headers): they are the same for each call, until a refused session token is renewed.
   */
  #headers: Promise<Record<string, string>> | undefined;

  constructor(
    private readonly client: HmrcClient,
    readonly principal: Principal,
    private readonly incoming: IncomingHeaders,
    private readonly policy: UpstreamHeaderPolicy,
    private readonly options: SessionOptions = {},
  ) {
    this.#inFlight = pLimit(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY_PER_REQUEST);
    this.#maxCalls = options.maxCalls ?? Number.POSITIVE_INFINITY;
  }

  /** The request's cancellation (client gone, deadline passed), if it has one. */
  get signal(): CancelSignal | undefined {
    return this.options.signal;
  }

  /** The GraphQL request this session serves, if it was told. */
  get request(): ObservedRequest | undefined {
    return this.options.request;
  }

  /** How many calls to HMRC this request has caused so far (shared reads included). */
  get calls(): number {
    return this.#calls;
  }

  /**
   * The `Gov-Test-Scenario` this request carries towards a sandbox, if any. The sandbox's answer is then the
   * scenario's (a canned 404, a fixed example), not the caller's data, so it must neither be answered from nor put
   * into the response cache (see `Loaders`).
   */
  get testScenario(): string | undefined {
    return this.policy.sandbox && this.incoming.govTestScenario?.trim()
      ? this.incoming.govTestScenario
      : undefined;
  }

  /** Whether this request asks a sandbox to suspend HMRC's temporal rules (production: never). */
  get suspendTemporalValidations(): boolean {
    return temporalValidationsHeader(this.incoming, this.policy) === 'true';
  }

  /** GET a NINO + tax year resource; `null` when HMRC holds none. */
  async retrieve<T>(resource: YearResource<T, unknown>, key: YearKey): Promise<T | null> {
    try {
      const response = await this.#send({
        api: resource.api,
        method: 'GET',
        path: resource.path(key),
        template: resource.pathTemplate,
        ...(resource.query ? { query: resource.query } : {}),
        responseSchema: resource.responseSchema,
      });
      // Checked by the client against the endpoint's schema: an empty or `null` answer never reaches here.
      return response.body as T;
    } catch (error) {
      if (isNoData(error)) return null;
      throw error;
    }
  }

  /** GET the Self Assessment account from `fromDate` to today; `null` when HMRC holds none for the UTR. */
  async retrieveSaAccount(utr: string, fromDate: string): Promise<SaAccountDto | null> {
    try {
      const response = await this.#send({
        api: saAccountBreakdown.api,
        method: 'GET',
        path: saAccountBreakdown.path(utr),
        template: saAccountBreakdown.pathTemplate,
        query: { fromDate },
        responseSchema: saAccountBreakdown.responseSchema,
      });
      return response.body as SaAccountDto;
    } catch (error) {
      if (isNoData(error)) return null;
      throw error;
    }
  }

  async createAmend<W>(resource: YearResource<unknown, W>, key: YearKey, body: W): Promise<WriteReceipt> {
    const response = await this.#send({
      api: resource.api,
      method: resource.writeMethod,
      path: resource.path(key),
      template: resource.pathTemplate,
      body,
    });
    return { correlationId: response.correlationId };
  }

  async delete(resource: YearResource<unknown, unknown>, key: YearKey): Promise<WriteReceipt> {
    const response = await this.#send({
      api: resource.api,
      method: 'DELETE',
      path: resource.path(key),
      template: resource.pathTemplate,
    });
    return { correlationId: response.correlationId };
  }

  /** POST a NINO-keyed command (HMRC answers 201 with no body). */
  async command<B>(command: NinoCommand<B>, nino: string, body: B): Promise<WriteReceipt> {
    const response = await this.#send({
      api: command.api,
      method: command.method,
      path: command.path(nino),
      template: command.pathTemplate,
      body,
    });
    return { correlationId: response.correlationId };
  }

  #send(req: UpstreamRequest): Promise<UpstreamResponse> {
    const { signal, coalescer } = this.options;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (++this.#calls > this.#maxCalls) {
      return Promise.reject(
        new GatewayError(
          [
            hmrcError('HMRC_CALL_BUDGET_EXCEEDED', {
              message: `The request needs more than ${this.#maxCalls} calls to HMRC, the most one request may make`,
            }),
          ],
          'GATEWAY',
        ),
      );
    }
    if (!coalescer) return this.#dispatch(req, signal);
    const key = {
      principal: this.principal.id,
      api: req.api,
      path: req.path,
      query: req.query ? new URLSearchParams(definedOnly(req.query)).toString() : undefined,
      scenario: this.testScenario,
    };
    if (req.method === 'GET') return coalescer.run(key, signal, (shared) => this.#dispatch(req, shared));
    // A write: requests from now on must not join a read of this path that began before it (nor during it).
    coalescer.forget(key);
    return this.#dispatch(req, signal).finally(() => coalescer.forget(key));
  }

  #dispatch(req: UpstreamRequest, signal: CancelSignal | undefined): Promise<UpstreamResponse> {
    return this.#inFlight(async () => {
      // Queued here behind this request's other calls while it was cancelled: never sent.
      if (signal?.aborted) throw signal.reason;
      const headers = await this.#upstreamHeaders();
      const { request } = this.options;
      const call = {
        principal: this.principal.id,
        ...(signal ? { signal } : {}),
        ...(request ? { request } : {}),
      };
      try {
        return await this.client.send(req, headers, call);
      } catch (error) {
        // A session's access token that HMRC refuses (revoked by a refresh elsewhere, or expired early) is
        // renewed once and the call made again. HMRC's API platform refuses credentials before the API sees the
        // request, so even a write is safe to repeat. A bearer token is the caller's own: its 401 goes back.
        const renew = this.principal.renewAfterRejection?.bind(this.principal);
        if (!renew || !isRejectedCredentials(error) || headers.authorization === undefined) throw error;
        await renew(headers.authorization);
        this.#headers = undefined;
        return this.client.send(req, await this.#upstreamHeaders(), call);
      }
    });
  }

  #upstreamHeaders(): Promise<Record<string, string>> {
    if (!this.#headers) {
      const built = buildUpstreamHeaders(this.principal, this.incoming, this.policy);
      this.#headers = built;
      // A credential that could not be had is not remembered: the next call asks again.
      built.catch(() => {
        if (this.#headers === built) this.#headers = undefined;
      });
    }
    return this.#headers;
  }
}

/** HMRC's 401 `INVALID_CREDENTIALS`: the access token is not (or no longer) valid. */
function isRejectedCredentials(error: unknown): boolean {
  return (
    error instanceof GatewayError &&
    error.origin === 'HMRC' &&
    error.status === 401 &&
    error.hasCode('INVALID_CREDENTIALS')
  );
}

/**
 * HMRC's "no data" answer. Only `MATCHING_RESOURCE_NOT_FOUND` means that: a 404 `NOT_FOUND` is HMRC saying the
 * API version is not available, which is a configuration problem and must surface as an error.
 */
export function isNoData(error: unknown): boolean {
  return (
    error instanceof GatewayError &&
    error.origin === 'HMRC' &&
    error.errors.length === 1 &&
    error.errors[0].code === 'MATCHING_RESOURCE_NOT_FOUND'
  );
}

function definedOnly(query: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) if (value !== undefined) defined[name] = value;
  return defined;
}
