/**
 * The response cache and per-request coalescing, end to end over real ports (memory cache): GraphQL → gateway →
 * HTTP → the HMRC sandbox simulator (or a scripted stub), counting what reaches the upstream.
 *
 * - Within a request: however many fields, aliases, fragments and years ask for a resource, HMRC is asked once
 *   per (resource, year), and the Self Assessment account once.
 * - Across requests: the same caller asking again within the TTL costs nothing; another caller costs the full
 *   set. HMRC's 404 "no data" is kept (for its own, shorter TTL); errors are never kept.
 * - Writes: every create-or-amend and delete makes the next read (its own `taxpayerYear` read-back included)
 *   fresh and leaves other resources cached; a read that began before a write never puts its stale answer back.
 * - Sandbox test scenarios bypass the cache entirely.
 */
import { randomUUID } from 'node:crypto';
import Keyv from 'keyv';
import { SealedResponseCache } from '../../src/cache/response-cache';
import type { RecordedRequest, Simulator } from '../../src/simulator/server';
import { DEMO_NINO } from '../../src/simulator/demo-data';
import { DEMO_UTR } from '../../src/simulator/sa-demo';
import { fixedClock } from '../../src/util/clock';
import { silentLogger } from '../../src/util/logger';
import { def2Body } from '../helpers/pension-charges-fixtures';
import type { RunningGateway, Stack } from '../helpers/stack';
import { startGateway, startStack } from '../helpers/stack';
import type { Stub, StubReply, StubRequest } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';

/** "Today" for the gateway and the simulator alike, so the Self Assessment window is fixed. */
const clock = fixedClock('2025-07-15T12:00:00Z');
/** A taxpayer with no demo data (every read is HMRC's 404 until written). */
const EMPTY_NINO = 'AB123456C';
const YEAR = '2023-24';

/** A token no other test uses: the cache and the simulator's state are both per token. */
const newToken = () => `cache-test-${randomUUID()}`;
const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** The upstream requests a token has caused so far (the simulator keeps only a fingerprint of the token). */
function callsOf(upstream: readonly StubRequest[] | Simulator, token: string): string[] {
  const sent = (r: RecordedRequest | StubRequest) =>
    'fingerprint' in upstream
      ? (r as RecordedRequest).authorization === upstream.fingerprint(`Bearer ${token}`)
      : r.headers.authorization === `Bearer ${token}`;
  return ('fingerprint' in upstream ? upstream.requests : upstream)
    .filter(sent)
    .map((r) => `${r.method} ${r.url}`);
}

/** What `run` added to the upstream's requests for `token`. */
async function during<T>(
  stack: Stack,
  token: string,
  run: () => Promise<T>,
): Promise<{ result: T; calls: string[] }> {
  const before = callsOf(stack.simulator, token).length;
  const result = await run();
  return { result, calls: callsOf(stack.simulator, token).slice(before) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const PATHS = {
  pensionCharges: '/individuals/charges/pensions',
  investments: '/individuals/reliefs/investment',
  other: '/individuals/reliefs/other',
  foreign: '/individuals/reliefs/foreign',
  pensions: '/individuals/reliefs/pensions',
  charitableGiving: '/individuals/reliefs/charitable-giving',
  disclosures: '/individuals/disclosures',
} as const;
type Resource = keyof typeof PATHS;
const RESOURCES = Object.keys(PATHS) as Resource[];

const yearGets = (nino: string, year: string) => RESOURCES.map((r) => `GET ${PATHS[r]}/${nino}/${year}`);

const YEAR_FIELDS = /* GraphQL */ `
  pensionCharges { submittedOn pensionContributions { inExcessOfTheAnnualAllowance annualAllowanceTaxPaid } }
  reliefs {
    investments { submittedOn vctSubscription { reliefClaimed } }
    other { submittedOn payrollGiving { reliefClaimed } }
    foreign { submittedOn foreignTaxCreditRelief { amount } }
    pensions { submittedOn pensionReliefs { regularPensionContributions } }
    charitableGiving { gifts { landAndBuildings sharesOrSecurities } }
  }
  disclosures { submittedOn taxAvoidance { srn } }
`;

/** Every NINO + tax year resource of one year. */
const READ_YEAR = /* GraphQL */ `
  query ReadYear($nino: Nino!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino) { taxYear(taxYear: $taxYear) { ${YEAR_FIELDS} } }
  }
`;

/** Every resource of one year plus the year's Self Assessment slice. */
const READ_ALL = /* GraphQL */ `
  query ReadAll($nino: Nino!, $utr: Utr!, $taxYear: TaxYear!) {
    taxpayer(nino: $nino, utr: $utr) {
      taxYear(taxYear: $taxYear) {
        ${YEAR_FIELDS}
        selfAssessment { amountCharged amountPaid charges { chargeId } }
      }
    }
  }
`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ clock, cache: { ttlMs: 60_000, notFoundTtlMs: 60_000 } });
});
afterAll(() => stack.stop());

describe('across requests', () => {
  it('answers a second identical query from the same token within the TTL with zero upstream calls', async () => {
    const token = newToken();
    const variables = { nino: DEMO_NINO, utr: DEMO_UTR, taxYear: YEAR };
    const first = await during(stack, token, () => stack.gql(READ_ALL, variables, as(token)));
    expect(first.result.body.errors).toBeUndefined();
    expect(first.calls).toHaveLength(8);
    expect(first.calls).toEqual(expect.arrayContaining(yearGets(DEMO_NINO, YEAR)));
    expect(first.calls.filter((c) => c.includes(`/breakdown/${DEMO_UTR}`))).toHaveLength(1);
    // Real data, so a cache that kept nothing (or only nulls) cannot pass.
    const year = first.result.body.data.taxpayer.taxYear;
    expect(year.pensionCharges.submittedOn).toBeTruthy();
    expect(year.reliefs.charitableGiving.gifts.landAndBuildings).toBeGreaterThan(0);
    expect(year.selfAssessment.charges.length).toBeGreaterThan(0);

    for (let i = 0; i < 3; i++) {
      const again = await during(stack, token, () => stack.gql(READ_ALL, variables, as(token)));
      expect(again.calls).toEqual([]);
      expect(again.result.body).toEqual(first.result.body);
    }
  });

  it('costs another token the full set of calls, with the same answer', async () => {
    const warm = newToken();
    const other = newToken();
    const variables = { nino: DEMO_NINO, utr: DEMO_UTR, taxYear: YEAR };
    const first = await stack.gql(READ_ALL, variables, as(warm));
    expect((await during(stack, warm, () => stack.gql(READ_ALL, variables, as(warm)))).calls).toEqual([]);

    const second = await during(stack, other, () => stack.gql(READ_ALL, variables, as(other)));
    expect(second.calls).toHaveLength(8);
    expect(second.calls).toEqual(expect.arrayContaining(yearGets(DEMO_NINO, YEAR)));
    expect(second.result.body).toEqual(first.body);
    // And each token's later queries are served from its own entries.
    expect((await during(stack, other, () => stack.gql(READ_ALL, variables, as(other)))).calls).toEqual([]);
  });

  it('does not answer another query shape, NINO or year from an entry it does not match', async () => {
    const token = newToken();
    await stack.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: YEAR }, as(token));
    const otherYear = await during(stack, token, () =>
      stack.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: '2024-25' }, as(token)),
    );
    expect(otherYear.calls.sort()).toEqual(yearGets(DEMO_NINO, '2024-25').sort());
    const otherNino = await during(stack, token, () =>
      stack.gql(READ_YEAR, { nino: EMPTY_NINO, taxYear: YEAR }, as(token)),
    );
    expect(otherNino.calls.sort()).toEqual(yearGets(EMPTY_NINO, YEAR).sort());
    // A different selection of cached resources is still free.
    const subset = await during(stack, token, () =>
      stack.gql(
        `query($nino: Nino!) { taxpayer(nino: $nino) { taxYear(taxYear: "${YEAR}") { disclosures { submittedOn } } } }`,
        { nino: DEMO_NINO },
        as(token),
      ),
    );
    expect(subset.calls).toEqual([]);
    expect(subset.result.body.data.taxpayer.taxYear.disclosures.submittedOn).toBeTruthy();
  });

  it('treats "Bearer x" and "bearer x" as one caller, and a different token as another', async () => {
    const token = newToken();
    await stack.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: YEAR }, as(token));
    const sameCaller = await during(stack, token, () =>
      stack.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: YEAR }, { authorization: `bearer ${token}` }),
    );
    expect(sameCaller.calls).toEqual([]);
    const prefixed = `${token}x`;
    const other = await during(stack, prefixed, () =>
      stack.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: YEAR }, as(prefixed)),
    );
    expect(other.calls).toHaveLength(7);
  });
});

describe('coalescing within a request', () => {
  const COALESCE = /* GraphQL */ `
    fragment Charges on PensionCharges {
      submittedOn
    }
    fragment Year on TaxpayerYear {
      pensionCharges {
        ...Charges
      }
      again: pensionCharges {
        submittedOn
        pensionContributions {
          annualAllowanceTaxPaid
        }
      }
      reliefs {
        investments {
          submittedOn
        }
        investmentsAgain: investments {
          vctSubscription {
            reliefClaimed
          }
        }
        other {
          submittedOn
        }
        foreign {
          submittedOn
        }
        pensions {
          submittedOn
        }
        charitableGiving {
          gifts {
            landAndBuildings
          }
        }
      }
      moreReliefs: reliefs {
        other {
          submittedOn
        }
        pensions {
          submittedOn
        }
      }
      disclosures {
        submittedOn
      }
    }
    query Coalesce($nino: Nino!, $utr: Utr!) {
      taxpayer(nino: $nino, utr: $utr) {
        years: taxYears(from: "2022-23", to: "2024-25") {
          taxYear
          ...Year
          summary {
            pensionCharges {
              chargeableAmount
            }
            reliefs {
              total
            }
            disclosuresPresent
            selfAssessment {
              charged
            }
            noData
          }
          selfAssessment {
            amountCharged
          }
        }
        sameYearsAgain: taxYears(from: "2022-23", to: "2024-25") {
          ...Year
        }
        a: taxYear(taxYear: "2023-24") {
          ...Year
          pensionCharges {
            submittedOn
          }
        }
        b: taxYear(taxYear: "2023-24") {
          reliefs {
            again: investments {
              submittedOn
            }
          }
          summary {
            noData
          }
        }
        c: taxYear(taxYear: "2024-25") {
          disclosures {
            submittedOn
          }
          selfAssessment {
            amountPaid
          }
        }
      }
    }
  `;
  const YEARS = ['2022-23', '2023-24', '2024-25'];

  it.each([
    ['with the cache', () => stack],
    ['without any cache', () => uncached],
  ])(
    'asks HMRC once per (resource, year) and once for the account, however often they are asked for (%s)',
    async (_label, which) => {
      const target = which();
      const token = newToken();
      const { result, calls } = await during(target, token, () =>
        target.gql(COALESCE, { nino: DEMO_NINO, utr: DEMO_UTR }, as(token)),
      );
      expect(result.body.errors).toBeUndefined();
      const expected = [
        ...YEARS.flatMap((year) => yearGets(DEMO_NINO, year)),
        expect.stringContaining(`GET /individuals/self-assessment/breakdown/${DEMO_UTR}?fromDate=`),
      ];
      expect(calls).toHaveLength(expected.length);
      expect(calls).toEqual(expect.arrayContaining(expected));
      expect(new Set(calls).size).toBe(calls.length);
      // The duplicates really were answered, from the one call each.
      const { years, sameYearsAgain, a } = result.body.data.taxpayer;
      expect(years[1].again.submittedOn).toBe(years[1].pensionCharges.submittedOn);
      expect(sameYearsAgain[1].pensionCharges).toEqual(years[1].pensionCharges);
      expect(a.pensionCharges.submittedOn).toBe(years[1].pensionCharges.submittedOn);
      expect(a.reliefs.investmentsAgain.vctSubscription).not.toBeNull();
    },
  );

  let uncached: Stack;
  beforeAll(async () => {
    uncached = await startStack({ clock });
  });
  afterAll(() => uncached.stop());

  it('without the cache, the next request asks again (coalescing never outlives its request)', async () => {
    const token = newToken();
    await uncached.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: YEAR }, as(token));
    const again = await during(uncached, token, () =>
      uncached.gql(READ_YEAR, { nino: DEMO_NINO, taxYear: YEAR }, as(token)),
    );
    expect(again.calls.sort()).toEqual(yearGets(DEMO_NINO, YEAR).sort());
  });
});

describe("HMRC's 404 and TTLs", () => {
  let short: Stack;
  const TTL_MS = 60_000;
  const NOT_FOUND_TTL_MS = 20_000;
  // The clock entries expire by: moved by the test, so nothing here depends on how fast the machine is.
  let cacheTime = Date.now();
  beforeAll(async () => {
    short = await startStack({
      clock,
      cache: { ttlMs: TTL_MS, notFoundTtlMs: NOT_FOUND_TTL_MS, now: () => cacheTime },
    });
  });
  afterAll(() => short.stop());

  it('keeps "no data" for its own TTL and answers for its TTL, then asks HMRC again', async () => {
    const token = newToken();
    // 2025-26: the demo taxpayer has relief investments and charitable giving, and nothing else.
    const variables = { nino: DEMO_NINO, taxYear: '2025-26' };
    const found = [
      `GET ${PATHS.investments}/${DEMO_NINO}/2025-26`,
      `GET ${PATHS.charitableGiving}/${DEMO_NINO}/2025-26`,
    ];
    const missing = yearGets(DEMO_NINO, '2025-26').filter((c) => !found.includes(c));

    const first = await during(short, token, () => short.gql(READ_YEAR, variables, as(token)));
    expect(first.calls.sort()).toEqual(yearGets(DEMO_NINO, '2025-26').sort());
    const year = first.result.body.data.taxpayer.taxYear;
    expect(year.pensionCharges).toBeNull();
    expect(year.disclosures).toBeNull();
    expect(year.reliefs.investments).not.toBeNull();

    // Within both TTLs: nothing, the nulls included.
    cacheTime += NOT_FOUND_TTL_MS - 1;
    const warm = await during(short, token, () => short.gql(READ_YEAR, variables, as(token)));
    expect(warm.calls).toEqual([]);
    expect(warm.result.body).toEqual(first.result.body);

    // The 404s expire first (at their TTL exactly); the found answers are still kept.
    cacheTime += 1;
    const afterNotFound = await during(short, token, () => short.gql(READ_YEAR, variables, as(token)));
    expect(afterNotFound.calls.sort()).toEqual(missing.sort());
    expect(afterNotFound.result.body).toEqual(first.result.body);

    // Then the found answers expire too, at their own TTL from when they were written.
    cacheTime += TTL_MS - NOT_FOUND_TTL_MS - 1;
    const stillFound = await during(short, token, () => short.gql(READ_YEAR, variables, as(token)));
    expect(stillFound.calls.filter((c) => found.includes(c))).toEqual([]);
    cacheTime += 1;
    const afterAll = await during(short, token, () => short.gql(READ_YEAR, variables, as(token)));
    expect(afterAll.calls).toEqual(expect.arrayContaining(found));
    expect(afterAll.result.body).toEqual(first.result.body);
  });

  it('expires a found answer after the TTL', async () => {
    const token = newToken();
    const variables = { nino: DEMO_NINO, taxYear: YEAR };
    await short.gql(READ_YEAR, variables, as(token));
    cacheTime += TTL_MS - 1;
    expect((await during(short, token, () => short.gql(READ_YEAR, variables, as(token)))).calls).toEqual([]);
    cacheTime += 1;
    const expired = await during(short, token, () => short.gql(READ_YEAR, variables, as(token)));
    expect(expired.calls.sort()).toEqual(yearGets(DEMO_NINO, YEAR).sort());
  });
});

describe('errors are never cached', () => {
  let stub: Stub;
  let gateway: RunningGateway;
  const PC = `${PATHS.pensionCharges}/${DEMO_NINO}/${YEAR}`;
  const READ_PC = /* GraphQL */ `
    query($nino: Nino!) { taxpayer(nino: $nino) { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } } } }
  `;
  const DATA = {
    submittedOn: '2024-01-01T00:00:00.000Z',
    pensionContributions: {
      pensionSchemeTaxReference: ['00123456RA'],
      inExcessOfTheAnnualAllowance: 1,
      annualAllowanceTaxPaid: 1,
    },
  };
  beforeAll(async () => {
    stub = await startStub();
    gateway = await startGateway(stub.url, { cache: { ttlMs: 60_000 }, retry429Max: 0 });
  });
  afterAll(async () => {
    await gateway.stop();
    await stub.close();
  });

  it.each([
    [403, { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'The client or agent is not authorised' }],
    [429, { code: 'MESSAGE_THROTTLED_OUT', message: 'Throttled' }],
    [500, { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred' }],
    [503, { code: 'SCHEDULED_MAINTENANCE', message: 'The service is down for scheduled maintenance' }],
    // HMRC's 404 NOT_FOUND (an API version it does not serve) is an error, not "no data".
    [404, { code: 'NOT_FOUND', message: 'The requested resource could not be found' }],
  ])('a %i is passed on and the next query asks HMRC again', async (status, body) => {
    const token = newToken();
    let failing = true;
    stub.reply(() => (failing ? { status, body } : { status: 200, body: DATA }));

    const failed = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({ code: body.code, status, origin: 'HMRC' });
    expect(failed.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    const again = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: body.code });
    expect(callsOf(stub.requests, token)).toEqual([`GET ${PC}`, `GET ${PC}`]);

    failing = false;
    const recovered = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(DATA.submittedOn);
    expect(callsOf(stub.requests, token)).toHaveLength(3);
    // The success is what gets kept.
    failing = true;
    const cached = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
    expect(cached.body).toEqual(recovered.body);
    expect(callsOf(stub.requests, token)).toHaveLength(3);
  });

  it('a transport failure or timeout is not cached either', async () => {
    const token = newToken();
    const slow = await startGateway(stub.url, { cache: { ttlMs: 60_000 }, timeoutMs: 150 });
    try {
      stub.reply(() => ({ status: 200, body: DATA, delayMs: 400 }));
      const timedOut = await slow.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(timedOut.body.errors?.[0]?.extensions).toMatchObject({
        code: 'GATEWAY_TIMEOUT',
        origin: 'GATEWAY',
      });
      stub.reply(() => ({ status: 200, body: DATA }));
      const ok = await slow.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(ok.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(DATA.submittedOn);
      expect(callsOf(stub.requests, token)).toHaveLength(2);
    } finally {
      await slow.stop();
    }
  });
});

// --- Writes ----------------------------------------------------------------------------------------------------

interface WriteCase {
  readonly resource: Resource;
  readonly createOrAmend: string;
  readonly delete: string;
  readonly inputType: string;
  readonly input: unknown;
  /** Where the resource is below a `TaxpayerYear`. */
  readonly field: readonly string[];
  /** What the read-back must show after the write. */
  readonly written: unknown;
  /** The selection of the resource on `TaxpayerYear`. */
  readonly selection: string;
}

/** The resource of `c` in a `TaxpayerYear` answer. */
function pick(c: WriteCase, year: unknown): unknown {
  return c.field.reduce<unknown>((value, name) => (value as Record<string, unknown>)[name], year);
}

const WRITE_CASES: readonly WriteCase[] = [
  {
    resource: 'pensionCharges',
    createOrAmend: 'createOrAmendPensionCharges',
    delete: 'deletePensionCharges',
    inputType: 'PensionChargesInput',
    input: def2Body(),
    field: ['pensionCharges'],
    written: {
      pensionContributions: { inExcessOfTheAnnualAllowance: 123.45, annualAllowanceTaxPaid: 99999999999.99 },
    },
    selection:
      'pensionCharges { submittedOn pensionContributions { inExcessOfTheAnnualAllowance annualAllowanceTaxPaid } }',
  },
  {
    resource: 'investments',
    createOrAmend: 'createOrAmendReliefInvestments',
    delete: 'deleteReliefInvestments',
    inputType: 'ReliefInvestmentsInput',
    input: {
      vctSubscription: [
        {
          uniqueInvestmentRef: 'VCT-1',
          name: 'Fund',
          dateOfInvestment: '2023-05-01',
          amountInvested: 100,
          reliefClaimed: 30.15,
        },
      ],
    },
    field: ['reliefs', 'investments'],
    written: { vctSubscription: [{ reliefClaimed: 30.15 }] },
    selection: 'reliefs { investments { submittedOn vctSubscription { reliefClaimed } } }',
  },
  {
    resource: 'other',
    createOrAmend: 'createOrAmendOtherReliefs',
    delete: 'deleteOtherReliefs',
    inputType: 'OtherReliefsInput',
    input: { payrollGiving: { customerReference: 'PAYROLL-1', reliefClaimed: 154.5 } },
    field: ['reliefs', 'other'],
    written: { payrollGiving: { reliefClaimed: 154.5 } },
    selection: 'reliefs { other { submittedOn payrollGiving { reliefClaimed } } }',
  },
  {
    resource: 'foreign',
    createOrAmend: 'createOrAmendForeignReliefs',
    delete: 'deleteForeignReliefs',
    inputType: 'ForeignReliefsInput',
    input: { foreignTaxCreditRelief: { amount: 120.5 } },
    field: ['reliefs', 'foreign'],
    written: { foreignTaxCreditRelief: { amount: 120.5 } },
    selection: 'reliefs { foreign { submittedOn foreignTaxCreditRelief { amount } } }',
  },
  {
    resource: 'pensions',
    createOrAmend: 'createOrAmendPensionReliefs',
    delete: 'deletePensionReliefs',
    inputType: 'PensionReliefsInput',
    input: { pensionReliefs: { regularPensionContributions: 2500.25 } },
    field: ['reliefs', 'pensions'],
    written: { pensionReliefs: { regularPensionContributions: 2500.25 } },
    selection: 'reliefs { pensions { submittedOn pensionReliefs { regularPensionContributions } } }',
  },
  {
    resource: 'charitableGiving',
    createOrAmend: 'createOrAmendCharitableGiving',
    delete: 'deleteCharitableGiving',
    inputType: 'CharitableGivingInput',
    input: { gifts: { landAndBuildings: 10, sharesOrSecurities: 99.99 } },
    field: ['reliefs', 'charitableGiving'],
    written: { gifts: { landAndBuildings: 10, sharesOrSecurities: 99.99 } },
    selection: 'reliefs { charitableGiving { gifts { landAndBuildings sharesOrSecurities } } }',
  },
  {
    resource: 'disclosures',
    createOrAmend: 'createOrAmendDisclosures',
    delete: 'deleteDisclosures',
    inputType: 'DisclosuresInput',
    input: { taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }] },
    field: ['disclosures'],
    written: { taxAvoidance: [{ srn: '14211123' }] },
    selection: 'disclosures { submittedOn taxAvoidance { srn } }',
  },
];

const writeMutation = (c: WriteCase, readBack: boolean) => /* GraphQL */ `
  mutation Write($nino: Nino!, $taxYear: TaxYear!, $input: ${c.inputType}!) {
    result: ${c.createOrAmend}(nino: $nino, taxYear: $taxYear, input: $input) {
      correlationId
      taxpayerYear { nino ${readBack ? c.selection : ''} }
    }
  }
`;
const deleteMutation = (c: WriteCase, readBack: boolean) => /* GraphQL */ `
  mutation Delete($nino: Nino!, $taxYear: TaxYear!) {
    result: ${c.delete}(nino: $nino, taxYear: $taxYear) {
      correlationId
      taxpayerYear { nino ${readBack ? c.selection : ''} }
    }
  }
`;

describe('invalidation after writes', () => {
  const variables = { nino: EMPTY_NINO, taxYear: YEAR };
  const read = (token: string) => during(stack, token, () => stack.gql(READ_YEAR, variables, as(token)));

  describe.each(WRITE_CASES.map((c) => [c.createOrAmend, c] as const))('%s', (_name, c) => {
    const path = `${PATHS[c.resource]}/${EMPTY_NINO}/${YEAR}`;

    it('reads back fresh data in its own result, and the next read reflects the write', async () => {
      const token = newToken();
      const before = await read(token);
      expect(before.calls).toHaveLength(7);
      expect(pick(c, before.result.body.data.taxpayer.taxYear)).toBeNull();
      expect((await read(token)).calls).toEqual([]); // the 404s are cached

      const write = await during(stack, token, () =>
        stack.gql(writeMutation(c, true), { ...variables, input: c.input }, as(token)),
      );
      expect(write.result.body.errors).toBeUndefined();
      // The write, then a fresh read of the resource it touched (the cache still held HMRC's 404).
      expect(write.calls).toEqual([`PUT ${path}`, `GET ${path}`]);
      expect(pick(c, write.result.body.data.result.taxpayerYear)).toMatchObject(c.written as object);

      const after = await read(token);
      expect(pick(c, after.result.body.data.taxpayer.taxYear)).toMatchObject(c.written as object);
      // Nothing else was invalidated: at most the written resource is asked for again.
      expect(after.calls.every((call) => call === `GET ${path}`)).toBe(true);
      expect(after.calls.length).toBeLessThanOrEqual(1);
    });

    it(`and ${c.delete}: the read-back and the next read show it gone`, async () => {
      const token = newToken();
      const written = await stack.gql(writeMutation(c, false), { ...variables, input: c.input }, as(token));
      expect(written.body.errors).toBeUndefined();
      const cached = await read(token);
      expect(pick(c, cached.result.body.data.taxpayer.taxYear)).toMatchObject(c.written as object);
      expect((await read(token)).calls).toEqual([]);

      const deleted = await during(stack, token, () =>
        stack.gql(deleteMutation(c, true), variables, as(token)),
      );
      expect(deleted.result.body.errors).toBeUndefined();
      expect(deleted.calls).toEqual([`DELETE ${path}`, `GET ${path}`]);
      expect(pick(c, deleted.result.body.data.result.taxpayerYear)).toBeNull();

      const after = await read(token);
      expect(pick(c, after.result.body.data.taxpayer.taxYear)).toBeNull();
      expect(after.calls.every((call) => call === `GET ${path}`)).toBe(true);
    });

    it('without a read-back, the next read asks HMRC for the written resource only', async () => {
      const token = newToken();
      await read(token);
      const write = await during(stack, token, () =>
        stack.gql(writeMutation(c, false), { ...variables, input: c.input }, as(token)),
      );
      expect(write.calls).toEqual([`PUT ${path}`]);
      const after = await read(token);
      expect(after.calls).toEqual([`GET ${path}`]);
      expect(pick(c, after.result.body.data.taxpayer.taxYear)).toMatchObject(c.written as object);
      // And that fresh answer is cached again.
      expect((await read(token)).calls).toEqual([]);
    });
  });

  it('a failed write invalidates nothing', async () => {
    const token = newToken();
    const c = WRITE_CASES[0]!;
    await read(token);
    const refused = await during(stack, token, () =>
      stack.gql(
        writeMutation(c, false),
        { ...variables, input: c.input },
        {
          ...as(token),
          'gov-test-scenario': 'OUTSIDE_AMENDMENT_WINDOW',
        },
      ),
    );
    expect(refused.result.body.errors?.[0]?.extensions?.code).toBe('RULE_OUTSIDE_AMENDMENT_WINDOW');
    expect((await read(token)).calls).toEqual([]);
  });

  it("another caller's cached copy is its own: a write by one token does not touch another's entries", async () => {
    // Each caller's entries are keyed and sealed per token; a write only forgets the writer's entries. (The
    // simulator keeps each token's data apart too, so the other caller's cached 404 is still HMRC's answer.)
    const writer = newToken();
    const reader = newToken();
    const c = WRITE_CASES[0]!;
    await read(reader);
    await stack.gql(writeMutation(c, false), { ...variables, input: c.input }, as(writer));
    const again = await read(reader);
    expect(again.calls).toEqual([]);
  });

  it('what is derived from a resource (the yearly summary) is fresh after a write too', async () => {
    const token = newToken();
    const SUMMARY = /* GraphQL */ `
      query ($nino: Nino!, $taxYear: TaxYear!) {
        taxpayer(nino: $nino) {
          taxYear(taxYear: $taxYear) {
            summary {
              reliefs {
                foreign
                total
              }
              noData
            }
          }
        }
      }
    `;
    const summary = async (): Promise<{ reliefs: unknown; noData: string[] }> =>
      (await stack.gql(SUMMARY, variables, as(token))).body.data.taxpayer.taxYear.summary as {
        reliefs: unknown;
        noData: string[];
      };
    const before = await summary();
    expect(before.reliefs).toEqual({ foreign: 0, total: 0 });
    expect(before.noData).toContain('FOREIGN_RELIEFS');
    expect((await during(stack, token, summary)).calls).toEqual([]);

    const written = await stack.gql(
      `mutation($nino: Nino!, $taxYear: TaxYear!) {
        createOrAmendForeignReliefs(nino: $nino, taxYear: $taxYear, input: { foreignTaxCreditRelief: { amount: 120.5 } }) {
          correlationId
        }
      }`,
      variables,
      as(token),
    );
    expect(written.body.errors).toBeUndefined();
    const after = await during(stack, token, summary);
    expect(after.calls).toEqual([`GET ${PATHS.foreign}/${EMPTY_NINO}/${YEAR}`]);
    expect(after.result.reliefs).toEqual({ foreign: 120.5, total: 120.5 });
    expect(after.result.noData).not.toContain('FOREIGN_RELIEFS');
  });

  it('createMarriageAllowance does not disturb cached reads', async () => {
    const token = newToken();
    const first = await read(token);
    const claim = await during(stack, token, () =>
      stack.gql(
        `mutation($nino: Nino!, $input: MarriageAllowanceInput!) {
          createMarriageAllowance(nino: $nino, input: $input) { correlationId nino }
        }`,
        {
          nino: EMPTY_NINO,
          input: { spouseOrCivilPartnerNino: 'AA123456B', spouseOrCivilPartnerSurname: 'Simpson' },
        },
        as(token),
      ),
    );
    expect(claim.result.body.errors).toBeUndefined();
    expect(claim.calls).toEqual([`POST /individuals/disclosures/marriage-allowance/${EMPTY_NINO}`]);
    const after = await read(token);
    expect(after.calls).toEqual([]);
    expect(after.result.body).toEqual(first.result.body);
  });
});

describe('a read that began before a write', () => {
  const PC = `${PATHS.pensionCharges}/${DEMO_NINO}/${YEAR}`;
  const READ_PC = /* GraphQL */ `
    query($nino: Nino!) {
      taxpayer(nino: $nino) { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } } }
    }
  `;
  const WRITE_PC = /* GraphQL */ `
    mutation($nino: Nino!, $input: PensionChargesInput!) {
      createOrAmendPensionCharges(nino: $nino, taxYear: "${YEAR}", input: $input) { correlationId }
    }
  `;
  const body = (submittedOn: string) => ({
    submittedOn,
    pensionContributions: {
      pensionSchemeTaxReference: ['00123456RA'],
      inExcessOfTheAnnualAllowance: 1,
      annualAllowanceTaxPaid: 1,
    },
  });
  const OLD = '2020-01-01T00:00:00.000Z';
  const NEW = '2025-01-01T00:00:00.000Z';

  /** An upstream holding one pension-charges resource: GETs answer what is stored when they arrive. */
  function upstream(getDelayMs: (n: number) => number, onGet: (n: number) => void = () => undefined) {
    let stored = OLD;
    let gets = 0;
    return (req: StubRequest) => {
      if (req.method === 'PUT') {
        stored = NEW;
        return { status: 204 };
      }
      gets++;
      onGet(gets);
      return { status: 200, body: body(stored), delayMs: getDelayMs(gets) };
    };
  }

  it('does not put its stale answer into the cache (a slow GET overtaken by a write)', async () => {
    const stub = await startStub(upstream((n) => (n === 1 ? 400 : 0)));
    const gateway = await startGateway(stub.url, { cache: { ttlMs: 60_000 } });
    try {
      const token = newToken();
      const slowRead = gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      await waitFor(() => callsOf(stub.requests, token).length === 1);
      const write = await gateway.gql(WRITE_PC, { nino: DEMO_NINO, input: def2Body() }, as(token));
      expect(write.body.errors).toBeUndefined();
      // The slow read answers what HMRC held when it asked, which is right for a read that began first...
      expect((await slowRead).body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(OLD);
      // ...but that answer must not be served to the next read.
      const next = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(next.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(NEW);
      expect(callsOf(stub.requests, token)).toEqual([`GET ${PC}`, `PUT ${PC}`, `GET ${PC}`]);
      // The fresh answer is cached.
      const cached = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(cached.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(NEW);
      expect(callsOf(stub.requests, token)).toHaveLength(3);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });

  it('does not keep its stale answer when the write completes between its check and its store', async () => {
    // A store that, once armed, holds the next lookup's answer (taken when asked, as a Redis reply in flight
    // would be) until released. Armed when the GET reaches the upstream, it catches the read's check for a write
    // marker; the write runs to completion while that answer is held.
    const entries = new Map<string, unknown>();
    let armed = false;
    let held: (() => void) | undefined;
    let heldSignal: () => void = () => undefined;
    const lookupHeld = new Promise<void>((resolve) => (heldSignal = resolve));
    const store = {
      async get(key: string) {
        const value = entries.get(key);
        if (armed) {
          armed = false;
          await new Promise<void>((resolve) => {
            held = resolve;
            heldSignal();
          });
        }
        return value;
      },
      set: (key: string, value: unknown) => {
        entries.set(key, value);
        return true;
      },
      delete: (key: string) => entries.delete(key),
      clear: () => entries.clear(),
    };
    const responseCache = new SealedResponseCache(new Keyv<string>({ store }), 10_000, silentLogger());
    const stub = await startStub(
      upstream(
        () => 0,
        (n) => (armed = n === 1),
      ),
    );
    const gateway = await startGateway(stub.url, { cache: { ttlMs: 60_000 }, responseCache });
    try {
      const token = newToken();
      const read = gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      await lookupHeld;
      const write = await gateway.gql(WRITE_PC, { nino: DEMO_NINO, input: def2Body() }, as(token));
      expect(write.body.errors).toBeUndefined();
      held!();
      expect((await read).body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(OLD);

      const next = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(next.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(NEW);
      expect(callsOf(stub.requests, token)).toEqual([`GET ${PC}`, `PUT ${PC}`, `GET ${PC}`]);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });
  it('does not cache its answer when it cannot tell whether a write happened (the marker lookup fails)', async () => {
    // The write's marker is stored, but the read's lookup of it fails (a Redis hiccup): "could not read a marker"
    // must not be taken for "no marker", or the stale answer is cached while the marker sits right there.
    const entries = new Map<string, unknown>();
    let failNextLookup = false;
    const store = {
      get: (key: string) => {
        if (failNextLookup) {
          failNextLookup = false;
          return Promise.reject(new Error('connection reset'));
        }
        return Promise.resolve(entries.get(key));
      },
      set: (key: string, value: unknown) => {
        entries.set(key, value);
        return true;
      },
      delete: (key: string) => entries.delete(key),
      clear: () => entries.clear(),
    };
    const responseCache = new SealedResponseCache(new Keyv<string>({ store }), 1_000, silentLogger());
    // The first GET is slow and armed: the next lookup (the read's marker check, once the GET answers) fails.
    const stub = await startStub(
      upstream(
        (n) => (n === 1 ? 300 : 0),
        (n) => (failNextLookup = n === 1),
      ),
    );
    const gateway = await startGateway(stub.url, { cache: { ttlMs: 60_000 }, responseCache });
    try {
      const token = newToken();
      const slowRead = gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      await waitFor(() => callsOf(stub.requests, token).length === 1);
      expect(
        (await gateway.gql(WRITE_PC, { nino: DEMO_NINO, input: def2Body() }, as(token))).body.errors,
      ).toBe(undefined);
      expect((await slowRead).body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(OLD);
      expect(failNextLookup).toBe(false);
      // Past the cache's pause after a failure (lookups skip the store for a second), so this read does look.
      await sleep(1_100);
      const next = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(next.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe(NEW);
      expect(callsOf(stub.requests, token)).toEqual([`GET ${PC}`, `PUT ${PC}`, `GET ${PC}`]);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });
});

describe('a write that fails on the way back', () => {
  const PC = `${PATHS.pensionCharges}/${DEMO_NINO}/${YEAR}`;
  const READ_PC = /* GraphQL */ `
    query($nino: Nino!) { taxpayer(nino: $nino) { taxYear(taxYear: "${YEAR}") { pensionCharges { submittedOn } } } }
  `;
  const WRITE_PC = /* GraphQL */ `
    mutation($nino: Nino!, $input: PensionChargesInput!) {
      createOrAmendPensionCharges(nino: $nino, taxYear: "${YEAR}", input: $input) { correlationId }
    }
  `;
  const INPUT = {
    pensionContributions: {
      pensionSchemeTaxReference: ['00123456RA'],
      inExcessOfTheAnnualAllowance: 1,
      annualAllowanceTaxPaid: 1,
    },
  };

  it.each([
    ['times out (HMRC may still apply it)', { status: 204, delayMs: 500 }],
    ['is answered with a 500', { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: 'boom' } }],
    ['loses its connection after sending', { status: 204, fault: 'reset' as const }],
  ])('still clears the cached read when the write %s', async (_case, writeReply: StubReply) => {
    let stored = '2020-01-01T00:00:00.000Z';
    const stub = await startStub((req) => {
      if (req.method === 'PUT') {
        // The write lands at HMRC even though the gateway never hears a success.
        stored = '2025-01-01T00:00:00.000Z';
        return writeReply;
      }
      return { status: 200, body: { ...INPUT, submittedOn: stored } };
    });
    const gateway = await startGateway(stub.url, { cache: { ttlMs: 60_000 }, timeoutMs: 200 });
    try {
      const token = newToken();
      const before = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(before.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2020-01-01T00:00:00.000Z');
      const write = await gateway.gql(WRITE_PC, { nino: DEMO_NINO, input: INPUT }, as(token));
      expect(write.body.errors?.[0]?.extensions.code).toBe('HMRC_OUTCOME_UNKNOWN');
      const after = await gateway.gql(READ_PC, { nino: DEMO_NINO }, as(token));
      expect(after.body.data.taxpayer.taxYear.pensionCharges.submittedOn).toBe('2025-01-01T00:00:00.000Z');
      expect(callsOf(stub.requests, token)).toEqual([`GET ${PC}`, `PUT ${PC}`, `GET ${PC}`]);
    } finally {
      await gateway.stop();
      await stub.close();
    }
  });
});

describe('the Self Assessment account', () => {
  const ACCOUNT = /* GraphQL */ `
    query ($nino: Nino!, $utr: Utr!, $from: Date!) {
      taxpayer(nino: $nino, utr: $utr) {
        selfAssessmentAccount(fromDate: $from) {
          fromDate
          balanceDetails {
            totalBalance
          }
          chargeDetails {
            chargeId
            creationDate
          }
          paymentHistoryDetails {
            paymentDate
            paymentAmount
          }
        }
      }
    }
  `;
  const account = (token: string, from: string, utr = DEMO_UTR) =>
    during(stack, token, () => stack.gql(ACCOUNT, { nino: DEMO_NINO, utr, from }, as(token)));
  const breakdown = (from: string, utr = DEMO_UTR) =>
    `GET /individuals/self-assessment/breakdown/${utr}?fromDate=${from}`;

  it('is cached per (token, UTR), reused for a later or equal fromDate and fetched again for an earlier one', async () => {
    const token = newToken();
    const first = await account(token, '2023-04-06');
    expect(first.result.body.errors).toBeUndefined();
    expect(first.calls).toEqual([breakdown('2023-04-06')]);
    expect(first.result.body.data.taxpayer.selfAssessmentAccount.chargeDetails.length).toBeGreaterThan(0);

    const same = await account(token, '2023-04-06');
    expect(same.calls).toEqual([]);
    expect(same.result.body).toEqual(first.result.body);

    // A later window is cut from the cached account, exactly as HMRC would have answered it.
    const later = await account(token, '2024-04-06');
    expect(later.calls).toEqual([]);
    const direct = newToken();
    const fromHmrc = await account(direct, '2024-04-06');
    expect(fromHmrc.calls).toEqual([breakdown('2024-04-06')]);
    expect(later.result.body).toEqual(fromHmrc.result.body);
    const charges: Array<{ creationDate: string }> =
      later.result.body.data.taxpayer.selfAssessmentAccount.chargeDetails;
    expect(charges.length).toBeLessThan(
      first.result.body.data.taxpayer.selfAssessmentAccount.chargeDetails.length,
    );
    expect(charges.every((c) => c.creationDate >= '2024-04-06')).toBe(true);

    const earlier = await account(token, '2021-04-06');
    expect(earlier.calls).toEqual([breakdown('2021-04-06')]);
    // Now the earlier account is what is kept: anything from 2021-04-06 on is free.
    expect((await account(token, '2022-04-06')).calls).toEqual([]);
    expect((await account(token, '2023-04-06')).calls).toEqual([]);
    expect((await account(token, '2023-04-06')).result.body).toEqual(first.result.body);
  });

  it('is not shared between tokens or UTRs', async () => {
    const token = newToken();
    await account(token, '2023-04-06');
    const otherToken = newToken();
    expect((await account(otherToken, '2023-04-06')).calls).toEqual([breakdown('2023-04-06')]);
    const otherUtr = await account(token, '2023-04-06', '9999999999');
    expect(otherUtr.calls).toEqual([breakdown('2023-04-06', '9999999999')]);
    expect(otherUtr.result.body.data.taxpayer.selfAssessmentAccount).toBeNull();
    // HMRC's "no account" is kept like any 404.
    expect((await account(token, '2023-04-06', '9999999999')).calls).toEqual([]);
  });
});

describe('sandbox test scenarios', () => {
  const variables = { nino: DEMO_NINO, taxYear: YEAR };

  it('are never answered from the cache, and never put into it', async () => {
    const token = newToken();
    const plain = await during(stack, token, () => stack.gql(READ_YEAR, variables, as(token)));
    expect(plain.result.body.data.taxpayer.taxYear.pensionCharges).not.toBeNull();

    // Asked for a scenario, the sandbox's scenario answer is what the caller wants, not the cached data.
    const scenario = await during(stack, token, () =>
      stack.gql(READ_YEAR, variables, { ...as(token), 'gov-test-scenario': 'NOT_FOUND' }),
    );
    expect(scenario.calls.sort()).toEqual(yearGets(DEMO_NINO, YEAR).sort());
    expect(scenario.result.body.data.taxpayer.taxYear.pensionCharges).toBeNull();
    expect(scenario.result.body.data.taxpayer.taxYear.disclosures).toBeNull();

    // ...and the scenario's "no data" was not kept for the caller's next ordinary query.
    const after = await during(stack, token, () => stack.gql(READ_YEAR, variables, as(token)));
    expect(after.calls).toEqual([]);
    expect(after.result.body).toEqual(plain.result.body);

    // A scenario first, then an ordinary query: the scenario's answer was not cached.
    const fresh = newToken();
    await stack.gql(READ_YEAR, variables, { ...as(fresh), 'gov-test-scenario': 'NOT_FOUND' });
    const ordinary = await during(stack, fresh, () => stack.gql(READ_YEAR, variables, as(fresh)));
    expect(ordinary.calls).toHaveLength(7);
    expect(ordinary.result.body).toEqual(plain.result.body);
  });
});
