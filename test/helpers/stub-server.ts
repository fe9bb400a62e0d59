/**
 * A scriptable stand-in for HMRC: a real HTTP server that answers each request with whatever the test scripted,
 * and records what it received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubReply {
  status: number;
  /** An object is sent as JSON; a string is sent verbatim (use it for malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
  /**
   * Answer only once this settles (then after `delayMs`, if any): the test decides when HMRC answers, so that what
   * is in flight meanwhile does not depend on how fast the machine is.
   */
  hold?: Promise<unknown>;
  /**
   * A transport fault instead of (or in the middle of) an answer, once the request has fully arrived:
   * `reset` sends a TCP RST (ECONNRESET), `close` closes the connection without answering, `close-mid-body`
   * sends the status, headers and part of the body then closes, `hang` never answers (the client must time out).
   */
  fault?: 'reset' | 'close' | 'close-mid-body' | 'hang';
}

export interface StubRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Set once the gateway closed the connection before the stub answered (a cancelled call). */
  aborted?: boolean;
}

export interface Stub {
  readonly url: string;
  readonly requests: StubRequest[];
  /** Replace the reply logic. */
  reply(handler: (req: StubRequest) => StubReply): void;
  close(): Promise<void>;
}

export async function startStub(
  initial: (req: StubRequest) => StubReply = () => ({ status: 204 }),
): Promise<Stub> {
  let handler = initial;
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: StubRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      res.once('close', () => {
        if (!res.writableFinished) recorded.aborted = true;
      });
      const reply = handler(recorded);
      const answer = () => {
        if (res.destroyed) return;
        if (reply.fault === 'hang') return;
        if (reply.fault === 'reset') return void req.socket.resetAndDestroy();
        if (reply.fault === 'close') return void req.socket.destroy();
        if (reply.fault === 'close-mid-body') {
          res.writeHead(reply.status, {
            'content-type': 'application/json',
            'content-length': '1000',
            'x-correlationid': 'stub-correlation-id',
            ...reply.headers,
          });
          // Closed once the first part is flushed, so that the client has the status and headers first.
          return void res.write('{"submittedOn":', () => req.socket.destroy());
        }
        const headers: Record<string, string> = {
          'x-correlationid': 'stub-correlation-id',
          ...reply.headers,
        };
        if (reply.body === undefined) {
          res.writeHead(reply.status, headers).end();
        } else if (typeof reply.body === 'string') {
          res.writeHead(reply.status, { 'content-type': 'application/json', ...headers }).end(reply.body);
        } else {
          res
            .writeHead(reply.status, { 'content-type': 'application/json', ...headers })
            .end(JSON.stringify(reply.body));
        }
      };
      const go = () => {
        if (reply.delayMs) setTimeout(answer, reply.delayMs);
        else answer();
      };
      if (reply.hold) void reply.hold.then(go, go);
      else go();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
