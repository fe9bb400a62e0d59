/**
 * A minimal, fast stand-in for HMRC, run as its own process by bench/throughput.ts: every per-year resource's GET
 * answers 200 with HMRC's documented example body (the registry's `simulation.example`, what HMRC's sandbox
 * answers by default), serialised once per URL, optionally after a fixed delay. It keeps no state but a call
 * count, so that its own cost stays small next to the gateway's.
 *
 *   node dist-bench/bench/throughput/stub-hmrc.js [--delay ms]
 *
 * IPC (process.send): tells the parent `{ type: 'listening', url }`; answers `{ type: 'stats' }` with the calls
 * so far and the distinct URLs since the last `{ type: 'reset-urls' }`; `{ type: 'delay', ms }` changes the delay.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCE_LIST } from '../../src/resources';

export type StubCommand =
  | { type: 'stats'; id: number }
  | { type: 'delay'; id: number; ms: number }
  | { type: 'reset-urls'; id: number };
export type StubMessage =
  { type: 'listening'; url: string } | { type: 'reply'; id: number; calls: number; urls: string[] };

const routes = RESOURCE_LIST.map((resource) => ({
  pattern: new RegExp(
    `^${resource.endpoint.pathTemplate
      .replace('{nino}', '[A-Z]{2}\\d{6}[A-D]')
      .replace('{taxYear}', '(\\d{4}-\\d{2})')}$`,
  ),
  example: (taxYear: string, query: URLSearchParams) => resource.simulation.example(taxYear, query),
}));

const NOT_FOUND = Buffer.from(
  '{"code":"MATCHING_RESOURCE_NOT_FOUND","message":"Matching resource not found"}',
);
const bodies = new Map<string, { status: number; body: Buffer }>();

function answerFor(url: string): { status: number; body: Buffer } {
  const known = bodies.get(url);
  if (known) return known;
  const [path = '', search = ''] = url.split('?', 2);
  let answer = { status: 404, body: NOT_FOUND };
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match) {
      answer = {
        status: 200,
        body: Buffer.from(JSON.stringify(route.example(match[1]!, new URLSearchParams(search)))),
      };
      break;
    }
  }
  bodies.set(url, answer);
  return answer;
}

let delayMs = Number(process.argv[process.argv.indexOf('--delay') + 1] ?? 0) || 0;
let calls = 0;
const urls = new Set<string>();

const server = http.createServer((req, res) => {
  calls++;
  const url = req.url ?? '/';
  urls.add(url);
  const { status, body } = answerFor(url);
  const send = () =>
    res
      .writeHead(status, {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'x-correlationid': 'bench-stub-correlation-id',
      })
      .end(body);
  // A GET has no body; anything sent is drained so that the connection stays usable.
  req.resume();
  if (delayMs > 0) setTimeout(send, delayMs);
  else send();
});
// The gateway keeps its connections to HMRC alive; so does HMRC.
server.keepAliveTimeout = 60_000;

process.on('message', (command: StubCommand) => {
  if (command.type === 'delay') delayMs = command.ms;
  if (command.type === 'reset-urls') urls.clear();
  process.send!({ type: 'reply', id: command.id, calls, urls: [...urls] } satisfies StubMessage);
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send!({ type: 'listening', url: `http://127.0.0.1:${port}` } satisfies StubMessage);
});
