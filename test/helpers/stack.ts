/**
 * Real parts for tests: the gateway on a real port, talking over HTTP to the HMRC sandbox simulator (or to any
 * upstream URL, e.g. a stub). Everything listens on port 0 and is torn down by `stop()`.
 */
import type { ApiVersions } from '../../src/hmrc/apis';
import { DEFAULT_API_VERSIONS } from '../../src/hmrc/apis';
import { HmrcClient } from '../../src/hmrc/client';
import { createGateway } from '../../src/server';
import type { Simulator, SimulatorOptions } from '../../src/simulator/server';
import { createSimulator } from '../../src/simulator/server';
import type { Clock } from '../../src/util/clock';
import { silentLogger } from '../../src/util/logger';

export const TOKEN = 'test-token-0123456789abcdef';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions: any }> };
}

export interface GatewayOptions {
  sandbox?: boolean;
  /** HMRC's earliest disclosures year (default: the sandbox's, 2019-20). */
  disclosuresMinTaxYear?: string;
  /** The gateway's "today" (default: the system clock). `startStack` gives the simulator the same clock. */
  clock?: Clock;
  production?: boolean;
  timeoutMs?: number;
  versions?: Partial<ApiVersions>;
}

export interface RunningGateway {
  readonly url: string;
  /** POSTs a GraphQL request; sends `Authorization: Bearer TOKEN` unless `headers.authorization` says otherwise. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string | undefined>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function startGateway(
  upstreamUrl: string,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const logger = silentLogger();
  const client = new HmrcClient({
    baseUrl: upstreamUrl,
    versions: { ...DEFAULT_API_VERSIONS, ...options.versions },
    timeoutMs: options.timeoutMs ?? 5_000,
    maxConnections: 8,
    logger,
  });
  const gateway = await createGateway({
    client,
    logger,
    sandbox: options.sandbox ?? true,
    production: options.production ?? false,
    corsOrigins: '*',
    settings: {
      versions: { ...DEFAULT_API_VERSIONS, ...options.versions },
      disclosuresMinTaxYear: options.disclosuresMinTaxYear ?? '2019-20',
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    async gql(query, variables, headers = {}) {
      const sent: Record<string, string> = {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
      };
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined) delete sent[name.toLowerCase()];
        else sent[name.toLowerCase()] = value;
      }
      const response = await fetch(url, {
        method: 'POST',
        headers: sent,
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GraphQLResponse['body'],
      };
    },
    async stop() {
      await gateway.stop();
      await client.close();
    },
  };
}

export interface Stack extends RunningGateway {
  readonly simulator: Simulator;
  readonly simulatorUrl: string;
}

/** Simulator + gateway, wired together over HTTP as `npm start` wires them. */
export async function startStack(
  options: GatewayOptions & { simulator?: SimulatorOptions } = {},
): Promise<Stack> {
  const clock = options.clock;
  const simulator = createSimulator({ ...(clock ? { now: () => clock.now() } : {}), ...options.simulator });
  const simulatorUrl = await simulator.listen(0);
  const gateway = await startGateway(simulatorUrl, options);
  return {
    ...gateway,
    simulator,
    simulatorUrl,
    async stop() {
      await gateway.stop();
      await simulator.close();
    },
  };
}

/** The upstream requests whose path contains `fragment` (all of them without one). */
export function upstreamCalls(simulator: Simulator, fragment = ''): Simulator['requests'] {
  return simulator.requests.filter((r) => r.url.includes(fragment));
}
