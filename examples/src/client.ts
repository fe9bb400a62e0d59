/**
 * A typed client of the gateway, as a frontend would write one: Apollo Client with its normalised cache, and
 * documents typed by graphql-codegen's client preset. `npm run examples:check` type-checks it against the schema,
 * so a schema change that breaks a client breaks CI first.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { graphql } from './gql';
import { AmendDocument, HomeScreenDocument } from './gql/graphql';
import type { Nino, TaxYear } from './scalars';

export function createClient(url: string, token: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }),
    // No type policies needed: every cacheable type has an `id`.
    cache: new InMemoryCache(),
  });
}

/** An operation of the app's own, with variables: the preset types them from the schema. */
export const YearScreen = graphql(`
  query YearScreen($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) {
      id
      taxYear(taxYear: $taxYear) {
        id
        taxYear
        pensionCharges {
          id
          submittedOn
          pensionContributions {
            annualAllowanceTaxPaid
          }
        }
      }
    }
  }
`);

export async function annualAllowanceTaxPaid(
  client: ApolloClient,
  nino: Nino,
  taxYear: TaxYear,
): Promise<number | null> {
  const { data } = await client.query({ query: YearScreen, variables: { nino, taxYear } });
  // `data` is typed from the schema: a misspelt field here is a compile error.
  return data?.taxpayer.taxYear.pensionCharges?.pensionContributions?.annualAllowanceTaxPaid ?? null;
}

/** The README's home screen, its result typed, scalars included (`nextDueDate` is a `Date`, not `unknown`). */
export async function nextDueDate(client: ApolloClient): Promise<`${number}-${number}-${number}` | null> {
  const { data } = await client.query({ query: HomeScreenDocument });
  return data?.taxpayer.taxYear.summary.selfAssessment?.nextDueDate ?? null;
}

/** The README's amendment: its result carries the written object, so the cache updates `YearScreen`. */
export async function amend(client: ApolloClient): Promise<string | null> {
  const { data } = await client.mutate({ mutation: AmendDocument });
  return data?.createOrAmendPensionCharges?.taxpayerYear.pensionCharges?.id ?? null;
}
