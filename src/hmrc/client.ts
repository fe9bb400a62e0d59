/**
 * The one HTTP client for every HMRC API. Everything that is the same for all calls lives here and nowhere else:
 * base URL, the per-API `Accept` version, JSON bodies, timeouts, keep-alive connections, `X-CorrelationId`
 * capture, reading of HMRC's error bodies, and logging with identifiers masked. Request-scoped headers
 * (credentials, `Gov-Test-Scenario`, later fraud-prevention headers) arrive ready-made from `upstream-headers.ts`.
 */
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import type { Logger } from '../util/logger';
import { maskIdentifiers } from '../util/mask';
import type { ApiId, ApiVersions } from './apis';
import { acceptHeader } from './apis';
import { parseErrorBody } from './error-body';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface UpstreamRequest {
  readonly api: ApiId;
  readonly method: HttpMethod;
  /** Path below the base URL, starting with `/`, already URL-encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

export interface UpstreamResponse {
  readonly status: number;
  /** The parsed JSON body, or `undefined` for an empty one (HMRC's 204s). */
  readonly body: unknown;
  readonly correlationId: string | undefined;
}

export interface HmrcClientOptions {
  readonly baseUrl: string;
  readonly versions: ApiVersions;
  readonly timeoutMs: number;
  readonly maxConnections: number;
  /** Responses larger than this are refused rather than buffered (HMRC's largest are a few kilobytes). */
  readonly maxResponseBytes?: number;
  readonly logger: Logger;
}

const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export class HmrcClient {
  readonly #agent: Agent;
  readonly #baseUrl: string;

  constructor(private readonly options: HmrcClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Keep-alive pool: HMRC's TLS handshakes are the slowest part of a call; reuse them.
    this.#agent = new Agent({
      connections: options.maxConnections,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    });
  }

  async send(req: UpstreamRequest, headers: Readonly<Record<string, string>>): Promise<UpstreamResponse> {
    const url = this.#url(req);
    const outgoing: Record<string, string> = {
      ...headers,
      accept: acceptHeader(this.options.versions[req.api]),
    };
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      outgoing['content-type'] = 'application/json';
    }
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const logFields = { api: req.api, method: req.method, path: maskIdentifiers(req.path) };

    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await request(url, {
        method: req.method,
        headers: outgoing,
        body: payload,
        dispatcher: this.#agent,
        signal,
      });
      text = await readCapped(response.body, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    } catch (error) {
      const timedOut = signal.aborted;
      this.options.logger.warn(
        {
          ...logFields,
          ms: Math.round(performance.now() - started),
          reason: timedOut ? 'timeout' : describe(error),
        },
        'HMRC call failed',
      );
      throw new GatewayError([hmrcError(timedOut ? 'GATEWAY_TIMEOUT' : 'HMRC_UNAVAILABLE')], 'GATEWAY');
    }

    const correlationId = headerValue(response.headers['x-correlationid']);
    const { statusCode: status } = response;
    this.options.logger.info(
      { ...logFields, status, ms: Math.round(performance.now() - started), correlationId },
      'HMRC call',
    );

    if (status < 200 || status >= 300) {
      throw new GatewayError(parseErrorBody(status, text), 'HMRC', correlationId);
    }
    if (text.trim() === '') return { status, body: undefined, correlationId };
    try {
      return { status, body: JSON.parse(text) as unknown, correlationId };
    } catch {
      this.options.logger.error(
        { ...logFields, status, correlationId },
        'HMRC sent a success response that is not JSON',
      );
      throw new GatewayError([hmrcError('INTERNAL_SERVER_ERROR')], 'HMRC', correlationId);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #url(req: UpstreamRequest): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) query.set(name, value);
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return `${this.#baseUrl}${req.path}${search}`;
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new Error(`HMRC response exceeded ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A log-safe description of a transport failure: its code and class, never a URL or body. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return 'unknown';
}
