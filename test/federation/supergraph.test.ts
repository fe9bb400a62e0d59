/**
 * Subgraph mode: the gateway (GRAPHQL_MODE=subgraph, against the simulator) composed with a second subgraph by
 * @apollo/composition, and queried through @apollo/gateway — root fields, an entity hop into `Taxpayer` by its
 * `@key(fields: "nino")` (our `__resolveReference`), and HMRC's error codes arriving intact at the client.
 */
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import type { Stack } from '../helpers/stack';
import { TOKEN, startStack } from '../helpers/stack';

/** Another team's subgraph: who the signed-in user is, by NINO. */
const PROFILE_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  scalar Nino
  type Taxpayer @key(fields: "nino") {
    nino: Nino!
    displayName: String!
  }
  type Query {
    me: Taxpayer!
    stranger: Taxpayer!
  }
`;

interface RouterContext {
  authorization?: string;
  scenario?: string;
}

let stack: Stack;
let profile: ApolloServer;
let router: ApolloServer<RouterContext>;
let routerUrl: string;

beforeAll(async () => {
  stack = await startStack({ deps: { mode: 'subgraph' } });
  profile = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(PROFILE_SDL),
      resolvers: {
        Query: { me: () => ({ nino: DEMO_NINO }), stranger: () => ({ nino: 'not-a-nino' }) },
        Taxpayer: { displayName: () => 'Demo Taxpayer' },
      },
    }),
  });
  const { url: profileUrl } = await startStandaloneServer(profile, {
    listen: { port: 0, host: '127.0.0.1' },
  });

  // The subgraph's SDL, as Rover or a router reads it: `_service`, with no user token.
  const sdlAnswer = await stack.gql('{ _service { sdl } }', undefined, { authorization: undefined });
  expect(sdlAnswer.status).toBe(200);
  const composed = composeServices([
    { name: 'hmrc', typeDefs: parse(sdlAnswer.body.data._service.sdl as string), url: stack.url },
    { name: 'profile', typeDefs: parse(PROFILE_SDL), url: profileUrl },
  ]);
  expect(composed.errors ?? []).toEqual([]);

  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl!,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<RouterContext>({
        url: url!,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http!.headers.set('authorization', context.authorization);
          if (context.scenario) request.http!.headers.set('gov-test-scenario', context.scenario);
        },
      }),
  });
  router = new ApolloServer<RouterContext>({ gateway });
  ({ url: routerUrl } = await startStandaloneServer(router, {
    listen: { port: 0, host: '127.0.0.1' },
    context: ({ req }) =>
      Promise.resolve({
        authorization: req.headers.authorization,
        scenario: req.headers['gov-test-scenario'] as string | undefined,
      }),
  }));
}, 60_000);

afterAll(async () => {
  await router?.stop();
  await profile?.stop();
  await stack?.stop();
});

async function viaRouter(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: any;
    errors?: Array<{ message: string; path?: unknown[]; extensions: any }>;
  };
}

it('the subgraph SDL declares Taxpayer as an entity keyed by NINO', async () => {
  const { body } = await stack.gql('{ _service { sdl } }', undefined, { authorization: undefined });
  expect(body.data._service.sdl).toMatch(/type Taxpayer\s+@key\(fields: "nino"\)/);
});

it('routes a root query to the HMRC subgraph', async () => {
  const answer = await viaRouter(`{ taxpayer(nino: "${DEMO_NINO}") { id nino
    taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }`);
  expect(answer.errors).toBeUndefined();
  expect(answer.data.taxpayer.nino).toBe(DEMO_NINO);
  expect(answer.data.taxpayer.taxYear.pensionCharges.submittedOn).toEqual(expect.any(String));
});

it('resolves Taxpayer from another subgraph by its key (__resolveReference) and reaches HMRC', async () => {
  const before = stack.simulator.requests.length;
  const answer = await viaRouter(`{ me { displayName nino taxYear(taxYear: "2023-24") { taxYear
    disclosures { submittedOn } } } }`);
  expect(answer.errors).toBeUndefined();
  expect(answer.data.me).toEqual({
    displayName: 'Demo Taxpayer',
    nino: DEMO_NINO,
    taxYear: { taxYear: '2023-24', disclosures: { submittedOn: expect.any(String) } },
  });
  expect(stack.simulator.requests.length).toBeGreaterThan(before);
});

it('HMRC error codes survive the hop: a gateway-decided one and one HMRC sent', async () => {
  const local = await viaRouter(
    `{ me { nino taxYear(taxYear: "2019-20") { pensionCharges { submittedOn } } } }`,
  );
  expect(local.data.me.taxYear.pensionCharges).toBeNull();
  expect(local.errors).toEqual([
    expect.objectContaining({
      path: ['me', 'taxYear', 'pensionCharges'],
      extensions: expect.objectContaining({
        code: 'RULE_TAX_YEAR_NOT_SUPPORTED',
        status: 400,
        origin: 'GATEWAY',
      }),
    }),
  ]);

  const fromHmrc = await viaRouter(
    `mutation { deletePensionCharges(nino: "${DEMO_NINO}", taxYear: "2024-25") { correlationId } }`,
    { 'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW' },
  );
  expect(fromHmrc.data.deletePensionCharges).toBeNull();
  expect(fromHmrc.errors).toEqual([
    expect.objectContaining({
      path: ['deletePensionCharges'],
      extensions: expect.objectContaining({
        code: 'RULE_OUTSIDE_AMENDMENT_WINDOW',
        status: 400,
        origin: 'HMRC',
        correlationId: expect.any(String),
      }),
    }),
  ]);
});

it('a malformed key from another subgraph is FORMAT_NINO on that entity, and never reaches HMRC', async () => {
  const before = stack.simulator.requests.length;
  const answer = await viaRouter(
    `{ stranger { displayName taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }`,
  );
  expect(answer.errors?.map((e): unknown => e.extensions.code)).toContain('FORMAT_NINO');
  expect(stack.simulator.requests).toHaveLength(before);
});

it('without a token the router gets MISSING_CREDENTIALS from the subgraph, as a client would', async () => {
  const answer = await viaRouter(
    `{ taxpayer(nino: "${DEMO_NINO}") { taxYear(taxYear: "2024-25") { pensionCharges { submittedOn } } } }`,
    {
      authorization: '',
    },
  );
  expect(answer.errors?.map((e): unknown => e.extensions.code)).toContain('MISSING_CREDENTIALS');
});
