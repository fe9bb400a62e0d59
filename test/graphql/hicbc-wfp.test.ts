/**
 * High Income Child Benefit Charge and Winter Fuel Payment end to end: GraphQL over HTTP → gateway → HTTP → the
 * HMRC sandbox simulator (reads, writes, deletes round-trip; refused requests carry HMRC's codes and never reach
 * the simulator; HMRC's sandbox scenarios), and against a stub upstream, exactly what crosses the wire (paths,
 * `?source=`, bodies, and `suspend-temporal-validations` only towards a sandbox).
 */
import { fixedClock } from '../../src/util/clock';
import type { Stack } from '../helpers/stack';
import { startGateway, startStack, upstreamCalls } from '../helpers/stack';
import type { Stub } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { readHmrcJson } from '../helpers/hmrc-fixtures';

const NINO = 'AA123456A';
const OTHER = 'AB123456C';
/** 1 June 2027: 2026-27 has ended (Winter Fuel Payment writes for it are allowed), 2027-28 has not. */
const CLOCK = fixedClock('2027-06-01T10:00:00Z');

const HICBC_FIELDS = 'submittedOn amountOfChildBenefitReceived numberOfChildren dateCeased';
const WFP_FIELDS = 'submittedOn source winterFuelPayment';

const READ = `query Read($nino: Nino!, $taxYear: TaxYear!, $source: WinterFuelPaymentSource) {
  taxpayer(nino: $nino) { taxYear(taxYear: $taxYear) {
    highIncomeChildBenefitCharge { ${HICBC_FIELDS} }
    winterFuelPayment(source: $source) { ${WFP_FIELDS} }
  } } }`;
const READ_HICBC = `query($nino: Nino!, $taxYear: TaxYear!) { taxpayer(nino: $nino) { taxYear(taxYear: $taxYear) {
  highIncomeChildBenefitCharge { ${HICBC_FIELDS} } } } }`;
const READ_WFP = `query($nino: Nino!, $taxYear: TaxYear!, $source: WinterFuelPaymentSource) {
  taxpayer(nino: $nino) { taxYear(taxYear: $taxYear) { winterFuelPayment(source: $source) { ${WFP_FIELDS} } } } }`;
const PUT_HICBC = `mutation($nino: Nino!, $taxYear: TaxYear!, $input: HighIncomeChildBenefitChargeInput!) {
  createOrAmendHighIncomeChildBenefitCharge(nino: $nino, taxYear: $taxYear, input: $input) {
    correlationId taxpayerYear { highIncomeChildBenefitCharge { ${HICBC_FIELDS} } } } }`;
const DELETE_HICBC = `mutation($nino: Nino!, $taxYear: TaxYear!) {
  deleteHighIncomeChildBenefitCharge(nino: $nino, taxYear: $taxYear) { correlationId } }`;
const PUT_WFP = `mutation($nino: Nino!, $taxYear: TaxYear!, $input: WinterFuelPaymentInput!) {
  createOrAmendWinterFuelPayment(nino: $nino, taxYear: $taxYear, input: $input) {
    correlationId taxpayerYear { winterFuelPayment(source: USER) { ${WFP_FIELDS} } } } }`;
const DELETE_WFP = `mutation($nino: Nino!, $taxYear: TaxYear!) {
  deleteWinterFuelPayment(nino: $nino, taxYear: $taxYear) { correlationId } }`;

const gatewayError = (code: string, paths?: string[]) => ({
  code,
  status: 400,
  origin: 'GATEWAY',
  ...(paths ? { paths } : {}),
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ clock: CLOCK });
});
afterAll(async () => {
  await stack.stop();
});
beforeEach(() => {
  stack.simulator.reset();
});

describe('reads', () => {
  it('the demo taxpayer’s HMRC examples: HICBC for 2025-26, an HMRC-held Winter Fuel Payment for 2026-27', async () => {
    const hicbc = await stack.gql(READ_HICBC, { nino: NINO, taxYear: '2025-26' });
    expect(hicbc.body).toEqual({
      data: {
        taxpayer: {
          taxYear: {
            highIncomeChildBenefitCharge: {
              submittedOn: '2025-05-09T12:20:19.978Z',
              amountOfChildBenefitReceived: 1111.22,
              numberOfChildren: 2,
              dateCeased: '2025-05-08',
            },
          },
        },
      },
    });
    const wfp = await stack.gql(READ_WFP, { nino: NINO, taxYear: '2026-27' });
    expect(wfp.body).toEqual({
      data: {
        taxpayer: {
          taxYear: {
            winterFuelPayment: {
              submittedOn: '2026-07-24T14:15:22.544Z',
              source: 'HMRC_HELD',
              winterFuelPayment: 210.99,
            },
          },
        },
      },
    });
  });

  it('HMRC’s 404 is null', async () => {
    const { body } = await stack.gql(READ, { nino: OTHER, taxYear: '2026-27' });
    expect(body).toEqual({
      data: { taxpayer: { taxYear: { highIncomeChildBenefitCharge: null, winterFuelPayment: null } } },
    });
  });

  it.each([
    [undefined, undefined],
    ['LATEST', 'latest'],
    ['HMRC_HELD', 'hmrc-held'],
    ['USER', 'user'],
  ])('source %p is sent as ?source=%p (no argument: none, HMRC’s default)', async (source, sent) => {
    await stack.gql(READ_WFP, { nino: NINO, taxYear: '2026-27', source });
    const [call] = upstreamCalls(stack.simulator, '/winter-fuel-payment/');
    expect(call!.url).toBe(
      `/individuals/charges/winter-fuel-payment/${NINO}/2026-27${sent ? `?source=${sent}` : ''}`,
    );
  });

  it('a year before each minimum fails that field alone, without calling HMRC', async () => {
    const { body } = await stack.gql(READ, { nino: NINO, taxYear: '2024-25' });
    expect(body.data).toEqual({
      taxpayer: { taxYear: { highIncomeChildBenefitCharge: null, winterFuelPayment: null } },
    });
    expect(body.errors!.map((e) => [e.path, e.extensions])).toEqual([
      [['taxpayer', 'taxYear', 'highIncomeChildBenefitCharge'], gatewayError('RULE_TAX_YEAR_NOT_SUPPORTED')],
      [['taxpayer', 'taxYear', 'winterFuelPayment'], gatewayError('RULE_TAX_YEAR_NOT_SUPPORTED')],
    ]);
    expect(stack.simulator.requests).toEqual([]);
  });

  it('asks HMRC once per source however often a query asks', async () => {
    await stack.gql(`{ taxpayer(nino: "${NINO}") { taxYear(taxYear: "2026-27") {
      a: winterFuelPayment(source: USER) { source } b: winterFuelPayment(source: USER) { source }
      c: winterFuelPayment { source } d: winterFuelPayment { source } } } }`);
    expect(
      upstreamCalls(stack.simulator, '/winter-fuel-payment/')
        .map((r) => r.url)
        .sort(),
    ).toEqual([
      `/individuals/charges/winter-fuel-payment/${NINO}/2026-27`,
      `/individuals/charges/winter-fuel-payment/${NINO}/2026-27?source=user`,
    ]);
  });
});

describe('High Income Child Benefit Charge writes', () => {
  it('round-trips HMRC’s own example request: write, read back, delete, then null', async () => {
    const input = readHmrcJson(
      'individuals-charges-api',
      '3.0',
      'examples/highIncomeChildBenefitCharge/createAmend/full_request.json',
    );
    const put = await stack.gql(PUT_HICBC, { nino: OTHER, taxYear: '2025-26', input });
    expect(put.body.errors).toBeUndefined();
    expect(put.body.data.createOrAmendHighIncomeChildBenefitCharge.taxpayerYear).toEqual({
      highIncomeChildBenefitCharge: { submittedOn: '2027-06-01T10:00:00.000Z', ...(input as object) },
    });
    const [sent] = upstreamCalls(stack.simulator, '/high-income-child-benefit/').filter(
      (r) => r.method === 'PUT',
    );
    expect(sent!.body).toEqual(input);

    const del = await stack.gql(DELETE_HICBC, { nino: OTHER, taxYear: '2025-26' });
    expect(del.body.errors).toBeUndefined();
    const after = await stack.gql(READ_HICBC, { nino: OTHER, taxYear: '2025-26' });
    expect(after.body.data.taxpayer.taxYear.highIncomeChildBenefitCharge).toBeNull();
  });

  it.each([
    [
      'numberOfChildren 0 and a negative amount: two FORMAT_VALUE errors',
      { amountOfChildBenefitReceived: -1, numberOfChildren: 0 },
      [
        [
          'The value must be an integer between 1 and 99',
          gatewayError('FORMAT_VALUE', ['/numberOfChildren']),
        ],
        [
          'The value must be between 0 and 99999999999.99',
          gatewayError('FORMAT_VALUE', ['/amountOfChildBenefitReceived']),
        ],
      ],
    ],
    [
      'a malformed dateCeased',
      { amountOfChildBenefitReceived: 1, numberOfChildren: 1, dateCeased: '2025-02-30' },
      [['The ceased date format is invalid', gatewayError('FORMAT_DATE_CEASED')]],
    ],
    [
      'a dateCeased outside the tax year',
      { amountOfChildBenefitReceived: 1, numberOfChildren: 1, dateCeased: '2026-04-06' },
      [['The ceased date must be within the tax year', gatewayError('RULE_DATE_CEASED')]],
    ],
  ])('refuses %s locally, with HMRC’s codes and paths, and sends nothing', async (_name, input, expected) => {
    const { body } = await stack.gql(PUT_HICBC, { nino: OTHER, taxYear: '2025-26', input });
    expect(body.data).toEqual({ createOrAmendHighIncomeChildBenefitCharge: null });
    expect(body.errors!.map((e) => [e.message, e.extensions])).toEqual(expected);
    expect(stack.simulator.requests).toEqual([]);
  });

  it.each([
    ['TAX_YEAR_NOT_SUPPORTED', 'RULE_TAX_YEAR_NOT_SUPPORTED', 400],
    ['OUTSIDE_AMENDMENT_WINDOW', 'RULE_OUTSIDE_AMENDMENT_WINDOW', 400],
    ['REQUEST_CANNOT_BE_FULFILLED', 'RULE_REQUEST_CANNOT_BE_FULFILLED', 422],
  ])('HMRC’s sandbox scenario %s answers %s', async (scenario, code, status) => {
    const { body } = await stack.gql(
      PUT_HICBC,
      { nino: OTHER, taxYear: '2025-26', input: { amountOfChildBenefitReceived: 1, numberOfChildren: 1 } },
      { 'gov-test-scenario': scenario },
    );
    expect(body.errors!.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code, status, origin: 'HMRC' }),
    ]);
  });
});

describe('Winter Fuel Payment writes', () => {
  it('round-trips: the user figure is USER, LATEST follows it, HMRC_HELD stays HMRC’s; delete restores HMRC’s', async () => {
    const put = await stack.gql(PUT_WFP, {
      nino: NINO,
      taxYear: '2026-27',
      input: { winterFuelPayment: 250 },
    });
    expect(put.body.errors).toBeUndefined();
    const user = { submittedOn: '2027-06-01T10:00:00.000Z', source: 'USER', winterFuelPayment: 250 };
    expect(put.body.data.createOrAmendWinterFuelPayment.taxpayerYear).toEqual({ winterFuelPayment: user });
    const read = async (source?: string) =>
      (await stack.gql(READ_WFP, { nino: NINO, taxYear: '2026-27', source })).body.data.taxpayer.taxYear
        .winterFuelPayment;
    expect(await read('LATEST')).toEqual(user);
    expect(await read()).toEqual(user);
    expect((await read('HMRC_HELD')).source).toBe('HMRC_HELD');

    expect((await stack.gql(DELETE_WFP, { nino: NINO, taxYear: '2026-27' })).body.errors).toBeUndefined();
    expect(await read('USER')).toBeNull();
  });

  it('refuses a year that has not ended (RULE_TAX_YEAR_NOT_ENDED) and sends nothing', async () => {
    const { body } = await stack.gql(PUT_WFP, {
      nino: NINO,
      taxYear: '2027-28',
      input: { winterFuelPayment: 200 },
    });
    expect(body.errors!.map((e) => [e.message, e.extensions])).toEqual([
      ['The specified tax year has not yet ended', gatewayError('RULE_TAX_YEAR_NOT_ENDED')],
    ]);
    expect(stack.simulator.requests).toEqual([]);
  });

  it('with suspend-temporal-validations: true, a sandbox accepts an in-year write (and so does the gateway)', async () => {
    const { body } = await stack.gql(
      PUT_WFP,
      { nino: NINO, taxYear: '2027-28', input: { winterFuelPayment: 200 } },
      { 'suspend-temporal-validations': 'true' },
    );
    expect(body.errors).toBeUndefined();
    const [sent] = upstreamCalls(stack.simulator, '/winter-fuel-payment/').filter((r) => r.method === 'PUT');
    expect(sent!.headers['suspend-temporal-validations']).toBe('true');
  });

  it.each([
    ['WFP_AMOUNT_ABOVE_MAXIMUM', 200, 'RULE_WFP_AMOUNT_ABOVE_MAXIMUM'],
    ['WFP_AMOUNT_BELOW_MINIMUM', 200, 'RULE_WFP_AMOUNT_BELOW_MINIMUM'],
    ['STATEFUL', 301, 'RULE_WFP_AMOUNT_ABOVE_MAXIMUM'],
    ['STATEFUL', 99.99, 'RULE_WFP_AMOUNT_BELOW_MINIMUM'],
  ])('HMRC’s sandbox %s with %d answers %s (HMRC’s own check)', async (scenario, amount, code) => {
    const { body } = await stack.gql(
      PUT_WFP,
      { nino: NINO, taxYear: '2026-27', input: { winterFuelPayment: amount } },
      { 'gov-test-scenario': scenario },
    );
    expect(body.errors!.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code, status: 400, origin: 'HMRC' }),
    ]);
  });
});

describe('what crosses the wire (stub upstream)', () => {
  let stub: Stub;
  beforeEach(async () => {
    stub = await startStub(() => ({ status: 204 }));
  });
  afterEach(async () => {
    await stub.close();
  });

  it.each([
    [true, 'true'],
    [false, undefined],
  ])('sandbox %s: suspend-temporal-validations sent as %p', async (sandbox, expected) => {
    const gateway = await startGateway(stub.url, { sandbox, clock: CLOCK });
    try {
      const taxYear = sandbox ? '2027-28' : '2026-27';
      const { body } = await gateway.gql(
        PUT_WFP.replace(/taxpayerYear \{[^}]*\{[^}]*\} \}/, ''),
        { nino: NINO, taxYear, input: { winterFuelPayment: 123.12 } },
        { 'suspend-temporal-validations': 'true' },
      );
      expect(body.errors).toBeUndefined();
      expect(stub.requests).toHaveLength(1);
      const [sent] = stub.requests;
      expect(sent!.method).toBe('PUT');
      expect(sent!.url).toBe(`/individuals/charges/winter-fuel-payment/${NINO}/${taxYear}`);
      expect(JSON.parse(sent!.body)).toEqual({ winterFuelPayment: 123.12 });
      expect(sent!.headers.accept).toBe('application/vnd.hmrc.3.0+json');
      expect(sent!.headers['suspend-temporal-validations']).toBe(expected);
    } finally {
      await gateway.stop();
    }
  });

  it('production ignores suspend-temporal-validations locally too: an in-year write is refused, nothing sent', async () => {
    const gateway = await startGateway(stub.url, { sandbox: false, clock: CLOCK });
    try {
      const { body } = await gateway.gql(
        PUT_WFP,
        { nino: NINO, taxYear: '2027-28', input: { winterFuelPayment: 1 } },
        { 'suspend-temporal-validations': 'true' },
      );
      expect(body.errors!.map((e) => e.extensions.code)).toEqual(['RULE_TAX_YEAR_NOT_ENDED']);
      expect(stub.requests).toEqual([]);
    } finally {
      await gateway.stop();
    }
  });

  it('sends the HICBC input without nulls, field for field', async () => {
    const gateway = await startGateway(stub.url, { clock: CLOCK });
    try {
      const { body } = await gateway.gql(
        `mutation { createOrAmendHighIncomeChildBenefitCharge(nino: "${NINO}", taxYear: "2025-26",
          input: { amountOfChildBenefitReceived: 1111.22, numberOfChildren: 2, dateCeased: null }) { correlationId } }`,
      );
      expect(body.data.createOrAmendHighIncomeChildBenefitCharge).toEqual({
        correlationId: 'stub-correlation-id',
      });
      expect(stub.requests.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
        [
          'PUT',
          `/individuals/charges/high-income-child-benefit/${NINO}/2025-26`,
          { amountOfChildBenefitReceived: 1111.22, numberOfChildren: 2 },
        ],
      ]);
    } finally {
      await gateway.stop();
    }
  });

  it('an HMRC refusal of a Winter Fuel Payment write keeps HMRC’s code, with HMRC’s origin', async () => {
    stub.reply(() => ({
      status: 400,
      body: {
        code: 'RULE_WFP_AMOUNT_ABOVE_MAXIMUM',
        message: 'Amount exceeds the maximum Winter Fuel Payment for the tax year',
      },
    }));
    const gateway = await startGateway(stub.url, { clock: CLOCK });
    try {
      const { body } = await gateway.gql(DELETE_WFP, {
        nino: NINO,
        taxYear: '2026-27',
      });
      expect(body.errors!.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'RULE_WFP_AMOUNT_ABOVE_MAXIMUM', status: 400, origin: 'HMRC' }),
      ]);
    } finally {
      await gateway.stop();
    }
  });
});

describe('the yearly summary', () => {
  it('names HMRC’s HICBC fields for the year, null before 2025-26 and when none is held', async () => {
    const summary = async (nino: string, taxYear: string) =>
      (
        await stack.gql(`{ taxpayer(nino: "${nino}") { taxYear(taxYear: "${taxYear}") {
          summary { highIncomeChildBenefitCharge { childBenefitReceived numberOfChildren } } } } }`)
      ).body.data.taxpayer.taxYear.summary.highIncomeChildBenefitCharge;
    expect(await summary(NINO, '2025-26')).toEqual({ childBenefitReceived: 1111.22, numberOfChildren: 2 });
    expect(await summary(NINO, '2024-25')).toBeNull();
    expect(await summary(OTHER, '2025-26')).toBeNull();
  });
});
