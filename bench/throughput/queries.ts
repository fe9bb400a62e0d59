/**
 * What the throughput benchmark asks: a 1-year and a 7-year query over every per-year HMRC resource, and the HTTP
 * headers a production front end sends with them (a bearer token, and HMRC's web fraud-prevention headers from a
 * client behind the load balancer, which the gateway checks in `enforce` mode).
 */
import { GOOD_CLIENT_HEADERS } from '../../test/helpers/fraud-headers';

export const NINO = 'AA123456A';

/** Each per-year resource, the fields asked of it, and the first tax year the gateway asks HMRC for it. */
const RESOURCES = [
  {
    name: 'reliefs (5 resources)',
    calls: 5,
    minTaxYear: '2020-21', // charitable giving serves 2017-18 on; the other four reliefs 2020-21
    fields: `reliefs {
      investments { id submittedOn vctSubscription { name amountInvested reliefClaimed } eisSubscription { name reliefClaimed } }
      other { id submittedOn nonDeductibleLoanInterest { reliefClaimed } payrollGiving { reliefClaimed } }
      foreign { id submittedOn foreignTaxCreditRelief { amount } }
      pensions { id submittedOn pensionReliefs { regularPensionContributions oneOffPensionContributionsPaid } }
      charitableGiving { id giftAidPayments { totalAmount oneOffAmount } }
    }`,
  },
  {
    name: 'pension charges',
    calls: 1,
    minTaxYear: '2021-22',
    fields: `pensionCharges { id submittedOn pensionContributions { inExcessOfTheAnnualAllowance annualAllowanceTaxPaid } }`,
  },
  {
    name: 'disclosures',
    calls: 1,
    // HMRC's production minimum; the gateway runs with HMRC_ENVIRONMENT=production (the sandbox's is 2019-20).
    minTaxYear: '2021-22',
    fields: `disclosures { id submittedOn taxAvoidance { srn taxYear } class2Nics { class2VoluntaryContributions } }`,
  },
  {
    name: 'High Income Child Benefit Charge',
    calls: 1,
    minTaxYear: '2025-26',
    fields: `highIncomeChildBenefitCharge { id submittedOn amountOfChildBenefitReceived numberOfChildren }`,
  },
  {
    name: 'Winter Fuel Payment',
    calls: 1,
    minTaxYear: '2026-27',
    fields: `winterFuelPayment { id submittedOn source winterFuelPayment }`,
  },
] as const;

const startYear = (taxYear: string) => Number(taxYear.slice(0, 4));

/** The resources HMRC serves for a tax year, so that no field answers `RULE_TAX_YEAR_NOT_SUPPORTED`. */
function servedIn(taxYear: string) {
  return RESOURCES.filter((r) => startYear(r.minTaxYear) <= startYear(taxYear));
}

export interface BenchQuery {
  readonly label: string;
  readonly query: string;
  /** HMRC calls one cold request makes: the distinct (resource, tax year) pairs it asks for. */
  readonly hmrcCalls: number;
}

/** The newest tax year every resource serves (Winter Fuel Payment starts there). */
export const ONE_YEAR_TAX_YEAR = '2026-27';
/** 7 years, the most one query may span, ending at `ONE_YEAR_TAX_YEAR`. */
export const SEVEN_YEARS = ['2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26', '2026-27'];

function yearSelection(taxYear: string): string {
  return ['taxYear', ...servedIn(taxYear).map((r) => r.fields)].join('\n    ');
}

export const ONE_YEAR: BenchQuery = {
  label: '1 year',
  query: `query OneYear {
  taxpayer(nino: "${NINO}") {
    taxYear(taxYear: "${ONE_YEAR_TAX_YEAR}") {
    ${yearSelection(ONE_YEAR_TAX_YEAR)}
    }
  }
}`,
  hmrcCalls: servedIn(ONE_YEAR_TAX_YEAR).reduce((sum, r) => sum + r.calls, 0),
};

/**
 * One alias per year, each asking only what HMRC serves that year (rather than `taxYears(from, to)`, which would
 * answer `RULE_TAX_YEAR_NOT_SUPPORTED` on 13 fields: an error path is not what this measures).
 */
export const SEVEN_YEAR: BenchQuery = {
  label: '7 years',
  query: `query SevenYears {
  taxpayer(nino: "${NINO}") {
${SEVEN_YEARS.map(
  (year) => `    y${year.replace('-', '_')}: taxYear(taxYear: "${year}") {
    ${yearSelection(year)}
    }`,
).join('\n')}
  }
}`,
  hmrcCalls: SEVEN_YEARS.reduce((sum, year) => sum + servedIn(year).reduce((s, r) => s + r.calls, 0), 0),
};

/** Which resources each year of the 7-year query asks, for the report. */
export function yearsDescription(): string {
  return SEVEN_YEARS.map((year) => `${year}: ${servedIn(year).reduce((s, r) => s + r.calls, 0)}`).join(', ');
}

/** The client the load balancer saw (it sets X-Forwarded-For and the port header; the gateway trusts 127.0.0.1). */
export const CLIENT_IP = '198.51.100.7';
export const CLIENT_PORT = '50123';

/** Every header of a request to the gateway except `authorization`. */
export function requestHeaders(): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json,application/json;q=0.9',
    'x-forwarded-for': CLIENT_IP,
    'x-client-port': CLIENT_PORT,
  };
  for (const [name, value] of Object.entries(GOOD_CLIENT_HEADERS.WEB_APP_VIA_SERVER!))
    headers[name.toLowerCase()] = value;
  return headers;
}
