/**
 * HmrcClient on its own, against a local HTTP server: what it logs (identifiers masked, never the token), that it
 * reuses connections, and that it refuses responses too large to buffer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { GatewayError } from '../../src/errors/hmrc-error';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import type { HmrcClientOptions, UpstreamRequest } from '../../src/hmrc/client';
import { HmrcClient } from '../../src/hmrc/client';
import { memoryLogger } from '../helpers/memory-logger';

const TOKEN = 'client-test-token-5f2b9c0e7d1a';
const HEADERS = { authorization: `Bearer ${TOKEN}` };
const NINO = 'AA123456A';
const PATH = `/individuals/charges/pensions/${NINO}/2023-24`;
const GET: UpstreamRequest = { api: 'charges', method: 'GET', path: PATH };

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Upstream {
  readonly url: string;
  readonly requests: Received[];
  /** TCP connections accepted so far. */
  connections(): number;
  handle(handler: (req: Received, res: http.ServerResponse) => void): void;
  close(): Promise<void>;
}

/** A local upstream that counts TCP connections (the stub helper does not expose its server). */
async function startUpstream(): Promise<Upstream> {
  let connections = 0;
  const requests: Received[] = [];
  let handler = (_req: Received, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-correlationid': 'corr-1' }).end('{}');
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      handler(received, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    handle: (next) => {
      handler = (req, res) => next(req, res);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A pino logger writing JSON lines into memory, with no redaction: the client must not need it. */

function clientFor(url: string, logger: pino.Logger, options: Partial<HmrcClientOptions> = {}): HmrcClient {
  return new HmrcClient({
    baseUrl: url,
    versions: DEFAULT_API_VERSIONS,
    timeoutMs: 2_000,
    maxConnections: 4,
    logger,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

let upstream: Upstream;
let client: HmrcClient | undefined;
beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await upstream.close();
});

describe('logging', () => {
  it('logs each call with the NINO masked and without the bearer token, whatever the outcome', async () => {
    const memory = memoryLogger('trace');
    client = clientFor(upstream.url, memory.logger, { maxResponseBytes: 64 });
    const outcomes: Record<string, (res: http.ServerResponse) => void> = {
      ok: (res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'x-correlationid': 'corr-ok' })
          .end(`{"submittedOn":"2023-07-27T17:00:19.000Z"}`),
      refused: (res) =>
        res
          .writeHead(400, { 'content-type': 'application/json', 'x-correlationid': 'corr-400' })
          .end(`{"code":"FORMAT_NINO","message":"The NINO ${NINO} is invalid (${TOKEN})"}`),
      garbled: (res) => res.writeHead(200, { 'x-correlationid': 'corr-bad' }).end(`not json ${NINO}`),
      huge: (res) => res.writeHead(200, { 'x-correlationid': 'corr-huge' }).end('x'.repeat(1000)),
    };
    let next = 'ok';
    upstream.handle((_req, res) => outcomes[next]!(res));

    await client.send(GET, HEADERS);
    next = 'refused';
    await failure(client.send(GET, HEADERS));
    next = 'garbled';
    await failure(client.send(GET, HEADERS));
    next = 'huge';
    await failure(client.send(GET, HEADERS));
    next = 'ok';
    await client.send(
      { api: 'charges', method: 'PUT', path: PATH, body: { nino: NINO, token: TOKEN } },
      HEADERS,
    );

    const all = memory.lines.join('');
    expect(memory.lines.length).toBeGreaterThanOrEqual(5);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(NINO);
    expect(all).not.toContain('123456');
    const entries = memory.entries();
    for (const entry of entries) {
      expect(entry).toMatchObject({
        api: 'charges',
        path: '/individuals/charges/pensions/AA******A/2023-24',
      });
    }
    expect(entries.map((e) => [e.method, e.status, e.correlationId])).toEqual([
      ['GET', 200, 'corr-ok'],
      ['GET', 400, 'corr-400'],
      ['GET', 200, 'corr-bad'],
      ['GET', 200, 'corr-bad'],
      ['GET', 200, 'corr-huge'],
      ['PUT', 200, 'corr-ok'],
    ]);
    expect(entries[0]).toMatchObject({ msg: 'HMRC call', level: 30, ms: expect.any(Number) });
    expect(entries[3]).toMatchObject({ level: 50, msg: 'HMRC sent a success response that is not JSON' });
    expect(entries[4]).toMatchObject({ level: 50, reason: 'response too large' });
  });

  it('logs a timeout and a refused connection with a reason, the NINO masked and no token', async () => {
    const memory = memoryLogger('trace');
    upstream.handle(() => {
      // Never answers: the client's timeout must end the call.
    });
    client = clientFor(upstream.url, memory.logger, { timeoutMs: 100 });
    const timedOut = await failure(client.send(GET, HEADERS));
    expect(timedOut.origin).toBe('GATEWAY');
    expect(timedOut.errors.map((e) => e.code)).toEqual(['GATEWAY_TIMEOUT']);

    const closedPort = await new Promise<number>((resolve) => {
      const server = http.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const stranded = clientFor(`http://127.0.0.1:${closedPort}`, memory.logger);
    try {
      const refused = await failure(stranded.send(GET, HEADERS));
      expect(refused.origin).toBe('GATEWAY');
      expect(refused.errors.map((e) => e.code)).toEqual(['HMRC_UNAVAILABLE']);
    } finally {
      await stranded.close();
    }

    const all = memory.lines.join('');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(NINO);
    expect(all).not.toContain(String(closedPort));
    expect(memory.entries()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'HMRC call failed',
        reason: 'timeout',
        path: '/individuals/charges/pensions/AA******A/2023-24',
      }),
      expect.objectContaining({
        level: 40,
        msg: 'HMRC call failed',
        reason: 'ECONNREFUSED',
        path: '/individuals/charges/pensions/AA******A/2023-24',
      }),
    ]);
  });

  it('never puts the token or HMRC’s text into the error it throws', async () => {
    upstream.handle((_req, res) =>
      res
        .writeHead(403)
        .end(`{"code":"CLIENT_OR_AGENT_NOT_AUTHORISED","message":"token ${TOKEN} for ${NINO}"}`),
    );
    client = clientFor(upstream.url, pino({ level: 'silent' }));
    const error = await failure(client.send(GET, HEADERS));
    const everything = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)} ${JSON.stringify(error.errors)}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(NINO);
    expect(error.errors).toEqual([
      {
        code: 'CLIENT_OR_AGENT_NOT_AUTHORISED',
        message: 'The client or agent is not authorised',
        status: 403,
      },
    ]);
  });
});

describe('connections', () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  function answerInTurn(): void {
    let n = 0;
    upstream.handle((req, res) => {
      n++;
      if (req.method === 'PUT') return void res.writeHead(204, { 'x-correlationid': `c${n}` }).end();
      if (n % 2 === 0) {
        return void res
          .writeHead(404, { 'content-type': 'application/json', 'x-correlationid': `c${n}` })
          .end('{"code":"MATCHING_RESOURCE_NOT_FOUND","message":"Matching resource not found"}');
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-correlationid': `c${n}` }).end('{}');
    });
  }

  async function eightCalls(between: () => Promise<void>): Promise<void> {
    const settle = (promise: Promise<unknown>) =>
      promise.catch((error: unknown) => expect(error).toBeInstanceOf(GatewayError));
    for (let i = 0; i < 6; i++) {
      await settle(client!.send(GET, HEADERS));
      await between();
    }
    await settle(client!.send({ api: 'charges', method: 'PUT', path: PATH, body: { a: 1 } }, HEADERS));
    await between();
    await settle(client!.send({ api: 'charges', method: 'DELETE', path: PATH }, HEADERS));
  }

  it('reuses one keep-alive connection for sequential calls (as separate GraphQL requests make them), errors included', async () => {
    answerInTurn();
    client = clientFor(upstream.url, pino({ level: 'silent' }));
    await eightCalls(tick);
    expect(upstream.requests.map((r) => r.method)).toEqual([
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'PUT',
      'DELETE',
    ]);
    expect(upstream.connections()).toBe(1);
  });

  it('keeps connections alive even for calls made back to back within one tick', async () => {
    // undici releases a connection a moment after its body has been read, so a call started in the same tick
    // (a read right after a write, in one mutation) may open a second one; both are then reused, never one per call.
    answerInTurn();
    client = clientFor(upstream.url, pino({ level: 'silent' }));
    await eightCalls(() => Promise.resolve());
    expect(upstream.requests).toHaveLength(8);
    expect(upstream.connections()).toBeLessThanOrEqual(2);
  });
});

describe('response size', () => {
  it('accepts a body of exactly the limit and refuses one a byte larger, as an HMRC-side failure', async () => {
    const limit = 1024;
    let size = limit;
    upstream.handle((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-correlationid': 'corr-size' })
        .end(`"${'a'.repeat(size - 2)}"`),
    );
    client = clientFor(upstream.url, pino({ level: 'silent' }), { maxResponseBytes: limit });
    const ok = await client.send(GET, HEADERS);
    expect(ok.body).toHaveLength(limit - 2);

    size = limit + 1;
    const error = await failure(client.send(GET, HEADERS));
    expect(error.origin).toBe('HMRC');
    expect(error.correlationId).toBe('corr-size');
    expect(error.errors).toEqual([
      {
        code: 'HMRC_UNEXPECTED_RESPONSE',
        message: 'HMRC answered with data that does not have the shape its API documents',
        status: 502,
      },
    ]);
  });

  it('stops reading an endless response instead of buffering it', async () => {
    let written = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const cap = 256 * 1024 * 1024;
    upstream.handle((_req, res) => {
      res.writeHead(500, { 'x-correlationid': 'corr-endless' });
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && written < cap) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    client = clientFor(upstream.url, pino({ level: 'silent' }), { maxResponseBytes: 256 * 1024 });
    const error = await failure(client.send(GET, HEADERS));
    expect(error.errors.map((e) => e.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(error.correlationId).toBe('corr-endless');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(written).toBeLessThan(cap);
  });
});

describe('requests', () => {
  it('builds the URL from a base URL with a trailing slash and drops undefined query values', async () => {
    client = clientFor(`${upstream.url}//`, pino({ level: 'silent' }));
    await client.send(
      {
        api: 'saAccount',
        method: 'GET',
        path: '/individuals/self-assessment/breakdown/1234567890',
        query: { fromDate: '2024-01-01', toDate: undefined },
      },
      HEADERS,
    );
    expect(upstream.requests[0]!.url).toBe(
      '/individuals/self-assessment/breakdown/1234567890?fromDate=2024-01-01',
    );
    expect(upstream.requests[0]!.headers.accept).toBe('application/vnd.hmrc.1.0+json');
  });

  it.each([
    ['a UUID', 'c75f40a6-a3df-4429-a697-471eeec46435', 'c75f40a6-a3df-4429-a697-471eeec46435'],
    ['markup', '<script>alert(1)</script>', undefined],
    ['an over-long value', 'x'.repeat(65), undefined],
  ])(
    'passes on an X-CorrelationId that is %s only if it is a plausible id',
    async (_what, sent, expected) => {
      upstream.handle((_req, res) => res.writeHead(200, { 'x-correlationid': sent }).end('{}'));
      client = clientFor(upstream.url, pino({ level: 'silent' }));
      await expect(client.send(GET, HEADERS)).resolves.toMatchObject({ correlationId: expected });
    },
  );

  it('sets Accept itself: a request header cannot change the API version', async () => {
    client = clientFor(upstream.url, pino({ level: 'silent' }));
    await client.send(GET, { ...HEADERS, accept: 'application/vnd.hmrc.1.0+json' });
    expect(upstream.requests[0]!.headers.accept).toBe('application/vnd.hmrc.3.0+json');
    expect(upstream.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('returns the parsed body, an undefined body for 204, and HMRC’s correlation id', async () => {
    upstream.handle((req, res) => {
      if (req.method === 'DELETE') return void res.writeHead(204, { 'x-correlationid': 'corr-204' }).end();
      res.writeHead(200, { 'x-correlationid': 'corr-200' }).end('{"submittedOn":"2023-07-27T17:00:19.000Z"}');
    });
    client = clientFor(upstream.url, pino({ level: 'silent' }));
    await expect(client.send(GET, HEADERS)).resolves.toEqual({
      status: 200,
      body: { submittedOn: '2023-07-27T17:00:19.000Z' },
      correlationId: 'corr-200',
    });
    await expect(client.send({ api: 'charges', method: 'DELETE', path: PATH }, HEADERS)).resolves.toEqual({
      status: 204,
      body: undefined,
      correlationId: 'corr-204',
    });
  });
});
