/**
 * Cross-principal isolation under concurrency, with the response cache on (memory, and Redis shared by two
 * gateway instances).
 *
 * The upstream authorises token A for NINO A (and UTR A) only, token B for NINO B (and UTR B) only, answering
 * anything else with HMRC's 403 CLIENT_OR_AGENT_NOT_AUTHORISED, and answers each taxpayer with data that names
 * them (amounts, references, dates). Many interleaved queries — A→A, B→B, A→B, B→A, over two tax years, in
 * waves so that later waves are answered from the cache while cross queries miss — must never give a response
 * carrying the other's data: own queries always get their own data, cross queries always get the 403 on every
 * field, and every cross query reaches the upstream (no cached entry of one token ever answers the other).
 *
 * With Redis, what is at rest is checked too: no key names a token, NINO, UTR or resource, and every value is a
 * sealed `v1.` blob with no plaintext; entries swapped between the two principals' keys do not open.
 */
import { createHash, randomUUID } from 'node:crypto';
import { fixedClock } from '../../src/util/clock';
import type { GraphQLResponse, RunningGateway } from '../helpers/stack';
import { startGateway } from '../helpers/stack';
import type { Stub, StubReply, StubRequest } from '../helpers/stub-server';
import { startStub } from '../helpers/stub-server';
import { WAIT_FOR_DEADLINE_MS } from '../helpers/wait';
import { connectClient, describeRedis, scanKeys, sharedRedis } from '../helpers/redis';
import type { SharedRedis } from '../helpers/redis';

const clock = fixedClock('2025-07-15T12:00:00Z');
const FROM_DATE = '2024-04-06';
const YEARS = ['2022-23', '2023-24'];

interface Taxpayer {
  readonly name: 'A' | 'B';
  readonly token: string;
  readonly nino: string;
  readonly utr: string;
  /** Strings that appear in this taxpayer's data and nowhere else. */
  readonly markers: readonly string[];
}

function taxpayer(name: 'A' | 'B', nino: string, utr: string, digit: string): Taxpayer {
  const token = `iso-${name}-${randomUUID()}`;
  return {
    name,
    token,
    nino,
    utr,
    markers: [
      nino,
      utr,
      token,
      `${digit}${digit}${digit}${digit}.${digit}${digit}`,
      `REF-${name}${name}${name}${name}`,
      `00${digit.repeat(6)}R${name}`,
      `SRN${digit.repeat(5)}`,
      `CHG-${name}-1`,
      `202${digit}-0${digit}-0${digit}T0${digit}:00:00.000Z`,
    ],
  };
}

/** Each taxpayer's HMRC data: every value distinguishable from the other's. */
function hmrcData(who: Taxpayer, path: string): unknown {
  const d = who.name === 'A' ? '1' : '2';
  const amount = Number(`${d}${d}${d}${d}.${d}${d}`);
  const submittedOn = `202${d}-0${d}-0${d}T0${d}:00:00.000Z`;
  if (path.includes('/charges/pensions/'))
    return {
      submittedOn,
      pensionContributions: {
        pensionSchemeTaxReference: [`00${d.repeat(6)}R${who.name}`],
        inExcessOfTheAnnualAllowance: amount,
        annualAllowanceTaxPaid: amount,
      },
    };
  if (path.includes('/reliefs/investment/'))
    return {
      submittedOn,
      vctSubscription: [{ uniqueInvestmentRef: `REF-${who.name.repeat(4)}`, reliefClaimed: amount }],
    };
  if (path.includes('/reliefs/other/'))
    return {
      submittedOn,
      payrollGiving: { customerReference: `REF-${who.name.repeat(4)}`, reliefClaimed: amount },
    };
  if (path.includes('/reliefs/foreign/')) return { submittedOn, foreignTaxCreditRelief: { amount } };
  if (path.includes('/reliefs/pensions/'))
    return { submittedOn, pensionReliefs: { regularPensionContributions: amount } };
  if (path.includes('/reliefs/charitable-giving/')) return { gifts: { landAndBuildings: amount } };
  if (path.includes('/disclosures/'))
    return { submittedOn, taxAvoidance: [{ srn: `SRN${d.repeat(5)}`, taxYear: '2020-21' }] };
  if (path.includes('/self-assessment/breakdown/'))
    return {
      balanceDetails: {
        totalOverdueBalance: amount,
        totalPayableBalance: 0,
        totalPendingBalance: 0,
        totalBalance: amount,
        totalCreditAvailable: 0,
      },
      chargeDetails: [
        {
          chargeId: `CHG-${who.name}-1`,
          creationDate: '2024-06-15',
          chargeType: 'POA1',
          chargeAmount: amount,
          outstandingAmount: amount,
          taxYear: '2024-2025',
          dueDate: '2025-01-31',
        },
      ],
    };
  throw new Error(`unexpected path ${path}`);
}

const QUERY = /* GraphQL */ `
  query Isolation($nino: Nino!, $utr: Utr!, $taxYear: TaxYear!, $from: Date!) {
    taxpayer(nino: $nino, utr: $utr) {
      taxYear(taxYear: $taxYear) {
        pensionCharges {
          submittedOn
          pensionContributions {
            pensionSchemeTaxReference
            inExcessOfTheAnnualAllowance
          }
        }
        reliefs {
          investments {
            submittedOn
            vctSubscription {
              uniqueInvestmentRef
              reliefClaimed
            }
          }
          other {
            payrollGiving {
              customerReference
              reliefClaimed
            }
          }
          foreign {
            foreignTaxCreditRelief {
              amount
            }
          }
          pensions {
            pensionReliefs {
              regularPensionContributions
            }
          }
          charitableGiving {
            gifts {
              landAndBuildings
            }
          }
        }
        disclosures {
          submittedOn
          taxAvoidance {
            srn
          }
        }
      }
      selfAssessmentAccount(fromDate: $from) {
        balanceDetails {
          totalBalance
        }
        chargeDetails {
          chargeId
          chargeAmount
        }
      }
    }
  }
`;
/** Upstream calls one query makes: seven resources and the account. */
const CALLS_PER_QUERY = 8;

const NINO = /\/([A-Z]{2}\d{6}[A-D]?)\//;
const UTR = /\/breakdown\/(\d{10})/;

/** The upstream: each token may see its own taxpayer only; small random delays interleave the answers. */
function authorisingUpstream(a: Taxpayer, b: Taxpayer) {
  const owner = new Map([
    [`Bearer ${a.token}`, a],
    [`Bearer ${b.token}`, b],
  ]);
  return (req: StubRequest): StubReply => {
    const caller = owner.get(String(req.headers.authorization));
    const nino = NINO.exec(req.url)?.[1];
    const utr = UTR.exec(req.url)?.[1];
    const delayMs = Math.floor(Math.random() * 8);
    if (!caller)
      return {
        status: 401,
        body: { code: 'INVALID_CREDENTIALS', message: 'Invalid Authentication information provided' },
      };
    const allowed = nino !== undefined ? nino === caller.nino : utr === caller.utr;
    if (!allowed)
      return {
        status: 403,
        body: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'The client or agent is not authorised' },
        delayMs,
      };
    return { status: 200, body: hmrcData(caller, req.url), delayMs };
  };
}

type Kind = 'AA' | 'BB' | 'AB' | 'BA';

function isolationSuite(redisUrl: () => string | undefined, gatewayCount: number): void {
  let stub: Stub;
  let gateways: RunningGateway[] = [];
  let a: Taxpayer;
  let b: Taxpayer;
  const own: Record<string, GraphQLResponse> = {};

  beforeAll(async () => {
    a = taxpayer('A', 'AA111111A', '1111111111', '1');
    b = taxpayer('B', 'BB222222B', '2222222222', '2');
    stub = await startStub(authorisingUpstream(a, b));
    const url = redisUrl();
    gateways = await Promise.all(
      Array.from({ length: gatewayCount }, () =>
        // A generous Redis timeout: this suite is about whose data comes back, not about a slow Redis (a lookup
        // slower than the default 250 ms counts as a miss, which on a busy machine would look like a cache bug).
        startGateway(stub.url, {
          clock,
          cache: { ttlMs: 60_000, timeoutMs: 10_000, ...(url ? { redisUrl: url } : {}) },
        }),
      ),
    );
    // Give Redis clients a moment to connect, so that the cache is really in use from the first query.
    if (url) await waitForCacheHit(gateways, a);
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await stub?.close();
  });

  /** Runs one query for `caller` about `subject`'s taxpayer on gateway `g`. */
  function ask(g: RunningGateway, caller: Taxpayer, subject: Taxpayer, taxYear: string) {
    return g.gql(
      QUERY,
      { nino: subject.nino, utr: subject.utr, taxYear, from: FROM_DATE },
      {
        authorization: `Bearer ${caller.token}`,
      },
    );
  }

  /** Until a repeated query costs no upstream calls (a Redis client that has not connected yet misses). */
  async function waitForCacheHit(gs: RunningGateway[], who: Taxpayer): Promise<void> {
    const deadline = Date.now() + WAIT_FOR_DEADLINE_MS;
    for (;;) {
      const before = stub.requests.length;
      await ask(gs[0]!, who, who, '2021-22');
      if (stub.requests.length === before) return;
      if (Date.now() > deadline) throw new Error('the Redis cache never answered');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function expectOwnData(response: GraphQLResponse, caller: Taxpayer, other: Taxpayer, taxYear: string) {
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const text = JSON.stringify(response.body);
    for (const marker of other.markers) expect(text).not.toContain(marker);
    const year = response.body.data.taxpayer.taxYear;
    expect(year.pensionCharges.pensionContributions.pensionSchemeTaxReference).toEqual([caller.markers[5]]);
    expect(year.reliefs.other.payrollGiving.customerReference).toBe(caller.markers[4]);
    expect(year.disclosures.taxAvoidance).toEqual([{ srn: caller.markers[6] }]);
    expect(response.body.data.taxpayer.selfAssessmentAccount.chargeDetails).toEqual([
      { chargeId: caller.markers[7], chargeAmount: Number(caller.markers[3]) },
    ]);
    // Every concurrent answer to the same question is the same answer.
    const key = `${caller.name}:${taxYear}`;
    own[key] ??= response;
    expect(response.body).toEqual(own[key].body);
  }

  function expectRefused(response: GraphQLResponse, caller: Taxpayer, subject: Taxpayer) {
    expect(response.status).toBe(200);
    const text = JSON.stringify(response.body);
    // Neither the subject's data nor the caller's own ends up in a refused query.
    for (const marker of [...subject.markers, ...caller.markers]) expect(text).not.toContain(marker);
    const { taxYear, selfAssessmentAccount } = response.body.data.taxpayer;
    expect(taxYear.pensionCharges).toBeNull();
    expect(taxYear.disclosures).toBeNull();
    expect(Object.values(taxYear.reliefs)).toEqual([null, null, null, null, null]);
    expect(selfAssessmentAccount).toBeNull();
    const errors = response.body.errors ?? [];
    expect(errors).toHaveLength(CALLS_PER_QUERY);
    for (const error of errors) {
      expect(error.extensions).toMatchObject({
        code: 'CLIENT_OR_AGENT_NOT_AUTHORISED',
        status: 403,
        origin: 'HMRC',
      });
    }
  }

  it('never gives one caller the other taxpayer’s data, cached or not, however the queries interleave', async () => {
    const callsBy = (caller: Taxpayer, subject: Taxpayer) =>
      stub.requests.filter(
        (r) =>
          r.headers.authorization === `Bearer ${caller.token}` &&
          (r.url.includes(`/${subject.nino}/`) || r.url.includes(`/breakdown/${subject.utr}`)),
      ).length;

    const WAVES = 3;
    const COPIES = 5;
    let crossQueries = { AB: 0, BA: 0 };
    for (let wave = 0; wave < WAVES; wave++) {
      const ownCallsBefore = { A: callsBy(a, a), B: callsBy(b, b) };
      const crossCallsBefore = { AB: callsBy(a, b), BA: callsBy(b, a) };
      const plan: Array<{ kind: Kind; taxYear: string }> = [];
      for (let copy = 0; copy < COPIES; copy++)
        for (const taxYear of YEARS)
          for (const kind of ['AA', 'BB', 'AB', 'BA'] as const) plan.push({ kind, taxYear });
      // Shuffled, and spread over the gateways, so that hits, misses and refusals interleave.
      plan.sort(() => Math.random() - 0.5);
      const responses = await Promise.all(
        plan.map(({ kind, taxYear }, i) => {
          const caller = kind[0] === 'A' ? a : b;
          const subject = kind[1] === 'A' ? a : b;
          return ask(gateways[i % gateways.length]!, caller, subject, taxYear);
        }),
      );
      responses.forEach((response, i) => {
        const { kind, taxYear } = plan[i]!;
        if (kind === 'AA') expectOwnData(response, a, b, taxYear);
        else if (kind === 'BB') expectOwnData(response, b, a, taxYear);
        else if (kind === 'AB') expectRefused(response, a, b);
        else expectRefused(response, b, a);
      });
      crossQueries = {
        AB: crossQueries.AB + plan.filter((p) => p.kind === 'AB').length,
        BA: crossQueries.BA + plan.filter((p) => p.kind === 'BA').length,
      };
      // Cross queries reach HMRC in every wave (refusals are never cached, and no entry of the authorised caller
      // ever answers them). Identical ones of one caller in flight at once on one gateway share a call
      // (coalescing, within that caller only), so a wave costs from one query's calls up to one per query.
      for (const [key, before] of Object.entries(crossCallsBefore) as Array<['AB' | 'BA', number]>) {
        const made = key === 'AB' ? callsBy(a, b) : callsBy(b, a);
        expect(made - before).toBeGreaterThanOrEqual(CALLS_PER_QUERY);
        expect(made).toBeLessThanOrEqual(crossQueries[key] * CALLS_PER_QUERY);
      }
      // After the first wave, own queries are answered from the cache.
      if (wave > 0) {
        expect(callsBy(a, a)).toBe(ownCallsBefore.A);
        expect(callsBy(b, b)).toBe(ownCallsBefore.B);
      }
    }
    // Every upstream request carried one of the two tokens, never anything else.
    const tokens = new Set(stub.requests.map((r) => r.headers.authorization));
    expect([...tokens].sort()).toEqual([`Bearer ${a.token}`, `Bearer ${b.token}`].sort());
    // Hundreds of queries in waves: a few seconds alone, over jest's 20 s on a loaded 2-core machine (measured).
    // A test that overran would keep sending queries into the next one, whose call counts would then be wrong.
  }, 90_000);

  it('keeps answering each caller with their own data once everything is cached', async () => {
    const before = stub.requests.length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const caller = i % 2 === 0 ? a : b;
        return ask(gateways[i % gateways.length]!, caller, caller, YEARS[i % 2]!).then((r) => ({
          r,
          caller,
          i,
        }));
      }),
    );
    for (const { r, caller, i } of responses) expectOwnData(r, caller, caller === a ? b : a, YEARS[i % 2]!);
    expect(stub.requests.length).toBe(before);
  });

  return;
}

describe('isolation with the memory cache', () => {
  isolationSuite(() => undefined, 1);
});

describeRedis('isolation with the Redis cache shared by two gateways', () => {
  let redis: SharedRedis;
  let url: string;
  beforeAll(async () => {
    redis = await sharedRedis();
    url = redis.url;
  });
  afterAll(() => redis?.stop());

  describe('queries', () => {
    isolationSuite(() => url, 2);
  });

  describe('data at rest', () => {
    const principalId = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);
    let stub: Stub;
    let gateways: RunningGateway[];
    let a: Taxpayer;
    let b: Taxpayer;

    beforeAll(async () => {
      a = taxpayer('A', 'AA111111A', '1111111111', '1');
      b = taxpayer('B', 'BB222222B', '2222222222', '2');
      stub = await startStub(authorisingUpstream(a, b));
      gateways = await Promise.all(
        [0, 1].map(() => startGateway(stub.url, { clock, cache: { ttlMs: 60_000, redisUrl: url } })),
      );
    });
    afterAll(async () => {
      const client = await connectClient(url);
      for (const who of [a, b]) {
        const keys = await scanKeys(client, `*${principalId(who.token)}*`);
        if (keys.length > 0) await client.del(keys);
      }
      client.destroy();
      await Promise.all(gateways.map((g) => g.stop()));
      await stub.close();
    });

    const ask = (g: RunningGateway, who: Taxpayer, taxYear: string) =>
      g.gql(
        QUERY,
        { nino: who.nino, utr: who.utr, taxYear, from: FROM_DATE },
        { authorization: `Bearer ${who.token}` },
      );

    /** Queries until a repeat costs nothing upstream, i.e. the entries are in Redis. */
    async function cached(who: Taxpayer, taxYear: string): Promise<GraphQLResponse> {
      const deadline = Date.now() + WAIT_FOR_DEADLINE_MS;
      for (;;) {
        const first = await ask(gateways[0]!, who, taxYear);
        const before = stub.requests.length;
        const second = await ask(gateways[1]!, who, taxYear);
        if (stub.requests.length === before) {
          expect(second.body).toEqual(first.body);
          return second;
        }
        if (Date.now() > deadline) throw new Error('entries never reached Redis');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('holds no token, NINO, UTR or plaintext: opaque keys and sealed values only', async () => {
      for (const who of [a, b]) for (const taxYear of YEARS) await cached(who, taxYear);
      const client = await connectClient(url);
      try {
        const keys = await scanKeys(client, 'hmrc-gw:hmrc::*');
        const mine = keys.filter((k) => k.includes(principalId(a.token)) || k.includes(principalId(b.token)));
        // Per principal: 7 resources x 2 years + the account.
        expect(mine.filter((k) => k.includes(principalId(a.token)))).toHaveLength(15);
        expect(mine.filter((k) => k.includes(principalId(b.token)))).toHaveLength(15);
        const words = [
          'pensionCharges',
          'Reliefs',
          'reliefInvestments',
          'disclosures',
          'saAccount',
          ...YEARS,
        ];
        for (const key of keys) {
          for (const who of [a, b])
            for (const marker of [who.token, who.nino, who.utr]) expect(key).not.toContain(marker);
          for (const word of words) expect(key).not.toContain(word);
        }
        for (const key of mine) {
          const raw = await client.get(key);
          expect(raw).not.toBeNull();
          for (const who of [a, b]) for (const marker of who.markers) expect(raw).not.toContain(marker);
          expect(raw).not.toContain('submittedOn');
          // keyv's envelope around one sealed blob.
          const envelope = JSON.parse(raw!) as { value: string; expires: number };
          expect(envelope.value).toMatch(
            /^v1\.[A-Za-z0-9+/]+={0,2}\.[A-Za-z0-9+/]+={0,2}\.[A-Za-z0-9+/]*={0,2}$/,
          );
          expect(envelope.expires).toBeGreaterThan(Date.now());
          const ttl = await client.pTTL(key);
          expect(ttl).toBeGreaterThan(0);
          expect(ttl).toBeLessThanOrEqual(60_000);
        }
      } finally {
        client.destroy();
      }
    });

    it("does not answer B from A's entries even when they are copied over B's keys", async () => {
      const ownB = await cached(b, YEARS[0]!);
      const client = await connectClient(url);
      try {
        const keysA = await scanKeys(client, `hmrc-gw:hmrc::${principalId(a.token)}:*`);
        const keysB = await scanKeys(client, `hmrc-gw:hmrc::${principalId(b.token)}:*`);
        expect(keysA.length).toBeGreaterThan(0);
        expect(keysB.length).toBeGreaterThan(0);
        // Whoever can write to Redis puts A's sealed answers under every one of B's keys.
        const valuesA = await Promise.all(keysA.map((k) => client.get(k)));
        await Promise.all(keysB.map((k, i) => client.set(k, valuesA[i % valuesA.length]!, { PX: 60_000 })));
      } finally {
        client.destroy();
      }
      const before = stub.requests.length;
      const response = await ask(gateways[1]!, b, YEARS[0]!);
      // Nothing opened: every entry was a miss, so HMRC was asked, and B got B's own data.
      expect(stub.requests.length - before).toBe(CALLS_PER_QUERY);
      expect(response.body).toEqual(ownB.body);
      for (const marker of a.markers) expect(JSON.stringify(response.body)).not.toContain(marker);
    });
  });
});
