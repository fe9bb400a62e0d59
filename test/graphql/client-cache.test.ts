/**
 * Identity for client caches, checked with the client frontend teams use: Apollo Client's real InMemoryCache over
 * HTTP against gateway + simulator. Read, mutate, and the screen's query read back from the cache (no network)
 * shows the written value; ids are the same for every caller and replica and do not show the NINO.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { createIdScheme } from '../../src/identity/ids';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import { DEMO_UTR } from '../../src/simulator/sa-demo';
import type { Stack } from '../helpers/stack';
import { TOKEN, startGateway, startStack, upstreamCalls } from '../helpers/stack';

const SECRET = 'a-deployment-secret-of-at-least-32-characters';

const SCREEN = gql`
  query Screen($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      id
      nino
      taxYear(taxYear: $taxYear) {
        id
        taxYear
        pensionCharges {
          id
          pensionContributions {
            annualAllowanceTaxPaid
          }
        }
      }
    }
  }
`;

const AMEND = gql`
  mutation Amend($nino: Nino!, $taxYear: TaxYear!, $paid: Float!) {
    createOrAmendPensionCharges(
      nino: $nino
      taxYear: $taxYear
      input: {
        pensionContributions: {
          pensionSchemeTaxReference: ["00123456RA"]
          inExcessOfTheAnnualAllowance: 4000
          annualAllowanceTaxPaid: $paid
        }
      }
    ) {
      correlationId
      taxpayerYear {
        id
        pensionCharges {
          id
          pensionContributions {
            annualAllowanceTaxPaid
          }
        }
      }
    }
  }
`;

const REMOVE = gql`
  mutation Remove($nino: Nino!, $taxYear: TaxYear!) {
    deletePensionCharges(nino: $nino, taxYear: $taxYear) {
      taxpayerYear {
        id
        pensionCharges {
          id
        }
      }
    }
  }
`;

interface ScreenData {
  taxpayer: {
    id: string;
    nino: string;
    taxYear: {
      id: string;
      pensionCharges: { id: string; pensionContributions: { annualAllowanceTaxPaid: number } | null } | null;
    };
  };
}

function apolloClient(url: string, token = TOKEN): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache(),
  });
}

describe('Apollo Client InMemoryCache over HTTP', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ deps: { objectIdSecret: SECRET } });
  });
  afterEach(() => stack.stop());

  it('a mutation result updates the screen query in the normalised cache, with no refetch', async () => {
    const client = apolloClient(stack.url);
    const variables = { nino: DEMO_NINO, taxYear: '2024-25' };
    const first = await client.query<ScreenData>({ query: SCREEN, variables });
    const before = first.data!.taxpayer.taxYear.pensionCharges!.pensionContributions!.annualAllowanceTaxPaid;
    expect(before).not.toBe(1234.56);

    const mutated = await client.mutate({ mutation: AMEND, variables: { ...variables, paid: 1234.56 } });
    expect(mutated.error).toBeUndefined();
    const getsAfterWrite = upstreamCalls(stack.simulator).length;

    // The screen's own query, answered from the cache alone: the mutation's result reached it through the ids.
    const cached = client.readQuery<ScreenData>({ query: SCREEN, variables });
    expect(cached!.taxpayer.taxYear.pensionCharges!.pensionContributions!.annualAllowanceTaxPaid).toBe(
      1234.56,
    );
    const again = await client.query<ScreenData>({ query: SCREEN, variables, fetchPolicy: 'cache-first' });
    expect(again.data!.taxpayer.taxYear.pensionCharges!.pensionContributions!.annualAllowanceTaxPaid).toBe(
      1234.56,
    );
    expect(upstreamCalls(stack.simulator)).toHaveLength(getsAfterWrite);

    // A delete's result nulls the resource on the same normalised TaxpayerYear.
    await client.mutate({ mutation: REMOVE, variables });
    expect(
      client.readQuery<ScreenData>({ query: SCREEN, variables })!.taxpayer.taxYear.pensionCharges,
    ).toBeNull();
    client.stop();
  });

  it('ids are the same for every caller and replica, differ per object, and do not show the NINO', async () => {
    const variables = { nino: DEMO_NINO, taxYear: '2024-25' };
    const replica = await startGateway(stack.simulatorUrl, { deps: { objectIdSecret: SECRET } });
    try {
      const a = await apolloClient(stack.url).query<ScreenData>({ query: SCREEN, variables });
      const b = await apolloClient(replica.url, 'another-callers-token-0123456789').query<ScreenData>({
        query: SCREEN,
        variables,
      });
      const ids = (d: ScreenData) => [
        d.taxpayer.id,
        d.taxpayer.taxYear.id,
        d.taxpayer.taxYear.pensionCharges!.id,
      ];
      expect(ids(b.data!)).toEqual(ids(a.data!));
      expect(new Set(ids(a.data!)).size).toBe(3);
      for (const id of ids(a.data!)) {
        expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(id).not.toContain(DEMO_NINO);
        expect(Buffer.from(id, 'base64url').toString('latin1')).not.toContain(DEMO_NINO);
      }
      // The documented scheme, so a client or another service can compute an id from the natural key.
      expect(a.data!.taxpayer.id).toBe(createIdScheme(SECRET).of('Taxpayer', DEMO_NINO));
      expect(a.data!.taxpayer.taxYear.id).toBe(
        createIdScheme(SECRET).of('TaxpayerYear', DEMO_NINO, '2024-25'),
      );
    } finally {
      await replica.stop();
    }
  });

  it('another deployment secret gives other ids; without one the public default key is used', async () => {
    const other = await startGateway(stack.simulatorUrl);
    try {
      const query = `{ taxpayer(nino: "${DEMO_NINO}") { id } }`;
      const ours = await stack.gql(query);
      const theirs = await other.gql(query);
      expect(theirs.body.data.taxpayer.id).not.toBe(ours.body.data.taxpayer.id);
      expect(theirs.body.data.taxpayer.id).toBe(createIdScheme().of('Taxpayer', DEMO_NINO));
    } finally {
      await other.stop();
    }
  });

  it('every resource, the summary and the Self Assessment objects have distinct ids', async () => {
    const response = await stack.gql(
      `query Everything($nino: Nino!, $utr: Utr!) {
        taxpayer(nino: $nino, utr: $utr) {
          taxYear(taxYear: "2024-25") {
            id
            pensionCharges { id }
            reliefs { id investments { id } other { id } foreign { id } pensions { id } charitableGiving { id } }
            disclosures { id }
            summary { id }
            selfAssessment { id charges { id chargeId } transactions { id kind chargeId } }
          }
          other: taxYear(taxYear: "2023-24") { id pensionCharges { id } }
          selfAssessmentAccount { id chargeDetails { id chargeId } }
        }
      }`,
      { nino: DEMO_NINO, utr: DEMO_UTR },
    );
    expect(response.body.errors).toBeUndefined();
    const year = response.body.data.taxpayer.taxYear;
    const reliefs = year.reliefs;
    const singles: string[] = [
      year.id,
      year.pensionCharges.id,
      reliefs.id,
      reliefs.investments.id,
      reliefs.other.id,
      reliefs.foreign.id,
      reliefs.pensions.id,
      reliefs.charitableGiving.id,
      year.disclosures.id,
      year.summary.id,
      year.selfAssessment.id,
      response.body.data.taxpayer.other.id,
      response.body.data.taxpayer.other.pensionCharges.id,
      response.body.data.taxpayer.selfAssessmentAccount.id,
    ];
    expect(new Set(singles).size).toBe(singles.length);

    const transactions = year.selfAssessment.transactions as Array<{ id: string }>;
    expect(transactions.length).toBeGreaterThan(2);
    expect(new Set(transactions.map((t) => t.id)).size).toBe(transactions.length);

    // A charge is one object wherever it appears: the year's slice and the account give it the same id.
    const byChargeId = new Map<string, string>(
      (
        response.body.data.taxpayer.selfAssessmentAccount.chargeDetails as Array<{
          id: string;
          chargeId: string;
        }>
      ).map((c) => [c.chargeId, c.id]),
    );
    const sliceCharges = year.selfAssessment.charges as Array<{ id: string; chargeId: string }>;
    expect(sliceCharges.length).toBeGreaterThan(0);
    for (const charge of sliceCharges) {
      if (byChargeId.has(charge.chargeId)) expect(byChargeId.get(charge.chargeId)).toBe(charge.id);
    }
    expect(sliceCharges.some((c) => byChargeId.has(c.chargeId))).toBe(true);
  });
});
