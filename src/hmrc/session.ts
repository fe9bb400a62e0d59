/**
 * One caller's view of HMRC for the length of one GraphQL request: the shared client plus that caller's
 * credential and forwarded headers. Resource-level semantics live here: HMRC's 404 "no data" on a read is `null`.
 */
import pLimit from 'p-limit';
import type { Principal } from '../auth/principal';
import { GatewayError } from '../errors/hmrc-error';
import type { HmrcClient, UpstreamRequest, UpstreamResponse } from './client';
import type { NinoCommand, YearKey, YearResource } from './endpoint';
import type { SaAccountDto } from './sa-account';
import { saAccountBreakdown } from './sa-account';
import type { IncomingHeaders, UpstreamHeaderPolicy } from './upstream-headers';
import { buildUpstreamHeaders } from './upstream-headers';

export interface WriteReceipt {
  readonly correlationId: string | undefined;
}

export class HmrcSession {
  /** One GraphQL request may have at most this many calls to HMRC in flight; the rest wait their turn. */
  readonly #inFlight: ReturnType<typeof pLimit>;

  constructor(
    private readonly client: HmrcClient,
    readonly principal: Principal,
    private readonly incoming: IncomingHeaders,
    private readonly policy: UpstreamHeaderPolicy,
    maxConcurrency = 4,
  ) {
    this.#inFlight = pLimit(maxConcurrency);
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

  /** GET a NINO + tax year resource; `null` when HMRC holds none. */
  async retrieve<T>(resource: YearResource<T, unknown>, key: YearKey): Promise<T | null> {
    try {
      const response = await this.#send({ api: resource.api, method: 'GET', path: resource.path(key) });
      return (response.body ?? null) as T | null;
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
        query: { fromDate },
      });
      return (response.body ?? null) as SaAccountDto | null;
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
      body,
    });
    return { correlationId: response.correlationId };
  }

  async delete(resource: YearResource<unknown, unknown>, key: YearKey): Promise<WriteReceipt> {
    const response = await this.#send({ api: resource.api, method: 'DELETE', path: resource.path(key) });
    return { correlationId: response.correlationId };
  }

  /** POST a NINO-keyed command (HMRC answers 201 with no body). */
  async command<B>(command: NinoCommand<B>, nino: string, body: B): Promise<WriteReceipt> {
    const response = await this.#send({
      api: command.api,
      method: command.method,
      path: command.path(nino),
      body,
    });
    return { correlationId: response.correlationId };
  }

  #send(req: UpstreamRequest): Promise<UpstreamResponse> {
    return this.#inFlight(async () => {
      const headers = await buildUpstreamHeaders(this.principal, this.incoming, this.policy);
      try {
        return await this.client.send(req, headers);
      } catch (error) {
        // A session's access token that HMRC refuses (revoked by a refresh elsewhere, or expired early) is
        // renewed once and the call made again. HMRC's API platform refuses credentials before the API sees the
        // request, so even a write is safe to repeat. A bearer token is the caller's own: its 401 goes back.
        const renew = this.principal.renewAfterRejection?.bind(this.principal);
        if (!renew || !isRejectedCredentials(error) || headers.authorization === undefined) throw error;
        await renew(headers.authorization);
        return this.client.send(req, await buildUpstreamHeaders(this.principal, this.incoming, this.policy));
      }
    });
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
