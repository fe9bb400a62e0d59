/**
 * The floors, run as their own process by bench/throughput.ts: what the same load costs with nearly nothing of
 * the gateway in it, on the same machine, under the same load generator. They put the gateway's figures in
 * proportion (a machine half as fast doubles every figure; the floors move with it) and show which of the
 * targets a gateway built on this stack can reach at all.
 *
 * - `fan-out`: `node:http` and undici alone. Each POST's JSON body is parsed, the query's HMRC GETs (the paths
 *   the gateway itself sent for it, POST /1 and POST /7) go to the stub at once through one undici Pool, each
 *   answer is parsed, and the lot is answered as one JSON document. No GraphQL, no validation, no limiter,
 *   logging or metrics: the cold path's floor.
 * - `apollo`: Express 5 and Apollo Server 5, as the gateway mounts them (the Express 5 integration, JSON body
 *   parser, no ETag, cache-control plugin off), answering `{ ok }` from a one-field schema: the floor of any
 *   request through the stack the gateway is built on, so of the warm path.
 *
 * Argument: the mode. On stdin (one JSON line): `{ stubUrl, paths: { "1": [...], "7": [...] } }` for fan-out.
 * Prints the port it listens on, then serves until killed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const mode = process.argv[2];

function listening(server: http.Server): void {
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString()));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

function fanOut(setup: { stubUrl: string; paths: Record<string, string[]> }): void {
  const pool = new Pool(setup.stubUrl, { connections: 64, keepAliveTimeout: 60_000 });
  const headers = { accept: 'application/vnd.hmrc.1.0+json', authorization: 'Bearer bench-floor-0123456789' };
  const server = http.createServer((req, res) => {
    const paths = setup.paths[(req.url ?? '').slice(1)];
    void (async () => {
      try {
        await readJson(req);
        if (!paths) throw new Error(`no paths for ${req.url}`);
        const answers = await Promise.all(
          paths.map(async (path) => {
            const response = await pool.request({ path, method: 'GET', headers });
            return response.body.json();
          }),
        );
        const body = JSON.stringify({ data: { answers } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  listening(server);
}

async function apollo(): Promise<void> {
  const express = (await import('express')).default;
  const { ApolloServer } = await import('@apollo/server');
  const { ApolloServerPluginCacheControlDisabled } = await import('@apollo/server/plugin/disabled');
  const { expressMiddleware } = await import('@as-integrations/express5');
  const server = new ApolloServer({
    typeDefs: 'type Query { ok: Boolean! }',
    resolvers: { Query: { ok: () => true } },
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await server.start();
  const app = express();
  app.disable('etag');
  app.disable('x-powered-by');
  app.use('/graphql', express.json(), expressMiddleware(server));
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 60_000;
  listening(httpServer);
}

if (mode === 'fan-out') {
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => {
    input += chunk.toString();
    if (input.includes('\n')) {
      process.stdin.pause();
      fanOut(JSON.parse(input) as { stubUrl: string; paths: Record<string, string[]> });
    }
  });
} else if (mode === 'apollo') {
  void apollo();
} else {
  throw new Error(`floor: mode fan-out or apollo, not ${mode}`);
}
