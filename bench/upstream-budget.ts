/**
 * Benchmark: how many calls to HMRC the gateway makes, and how long a 7-year summary takes under HMRC's
 * 3-requests-a-second limit. Runs the real gateway against the real simulator on local ports, with the
 * production defaults (memory cache, 3 rps limiter), and prints a report. Not a test: nothing here fails on a
 * number; the numbers are for people. `npm run bench`.
 */
import { buildGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { DEFAULT_MARGIN_MS, lanesFor } from '../src/hmrc/rate-limiter';
import { DEMO_NINO } from '../src/simulator/demo-data';
import { DEMO_UTR } from '../src/simulator/sa-demo';
import { silentLogger } from '../src/util/logger';
import { taxYearEnd, taxYearsBetween } from '../src/validation/identifiers';

const RPS = Number(process.env.BENCH_RPS ?? 3);
const FROM = '2020-21';
const TO = '2026-27';

const everyResource = /* GraphQL */ `
  fragment EveryResource on TaxpayerYear {
    taxYear
    pensionCharges {
      submittedOn
    }
    reliefs {
      investments {
        submittedOn
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
        giftAidPayments {
          totalAmount
        }
      }
    }
    disclosures {
      submittedOn
    }
    selfAssessment {
      amountOutstanding
    }
  }
`;

const ONE_YEAR = `${everyResource}
  query OneYear { taxpayer(nino: "${DEMO_NINO}", utr: "${DEMO_UTR}") { taxYear(taxYear: "2024-25") { ...EveryResource } } }`;

const SEVEN_YEARS_WITH_DUPLICATES = `${everyResource}
  query SevenYears {
    taxpayer(nino: "${DEMO_NINO}", utr: "${DEMO_UTR}") {
      first: taxYears(from: "${FROM}", to: "${TO}") { ...EveryResource again: pensionCharges { submittedOn } }
      second: taxYears(from: "${FROM}", to: "${TO}") { ...EveryResource summary { reliefs { total } } }
      latest: taxYear(taxYear: "${TO}") { ...EveryResource }
      selfAssessmentAccount { balanceDetails { totalBalance } }
    }
  }`;

const SEVEN_YEAR_SUMMARY = `
  query Summary {
    taxpayer(nino: "${DEMO_NINO}", utr: "${DEMO_UTR}") {
      taxYears(from: "${FROM}", to: "${TO}") {
        taxYear
        summary {
          pensionCharges { chargeableAmount taxPaid }
          reliefs { investments other foreign pensions charitableGiving total }
          disclosuresPresent
          selfAssessment { charged paid outstanding overdue nextDueDate }
          noData
        }
      }
    }
  }`;

/** Distinct (resource, year) pairs HMRC serves for these years, plus the one SA account call. */
function idealCalls(years: string[]): number {
  const minimums = {
    pensions: '2021-22',
    reliefs4: '2020-21',
    charitable: '2017-18',
    disclosures: '2019-20',
  };
  const from = (min: string) => years.filter((y) => taxYearEnd(y) >= taxYearEnd(min)).length;
  return (
    from(minimums.pensions) +
    4 * from(minimums.reliefs4) +
    from(minimums.charitable) +
    from(minimums.disclosures) +
    1
  );
}

async function main(): Promise<void> {
  // The production defaults, as `npm start` reads them, with the rate under test and a long enough queue.
  const config = loadConfig({
    HMRC_RATE_LIMIT_RPS: String(RPS),
    HMRC_RATE_LIMIT_MAX_WAIT_MS: '120000',
    LOG_LEVEL: 'silent',
  });
  const built = await buildGateway(config, { logger: silentLogger() });
  const simulator = built.simulator!;
  const gateway = built.gateway;
  const url = await gateway.listen(0, '127.0.0.1');

  const run = async (query: string, token: string) => {
    const before = simulator.requests.length;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    // Pension charges start at 2021-22, so that field of 2020-21 fails by design; anything else is a real failure.
    const unexpected = (body.errors ?? []).filter(
      (e) => e.extensions?.code !== 'RULE_TAX_YEAR_NOT_SUPPORTED',
    );
    if (unexpected.length > 0) throw new Error(`query failed: ${JSON.stringify(unexpected)}`);
    return { calls: simulator.requests.length - before, ms: Math.round(performance.now() - started) };
  };

  const sevenYears = taxYearsBetween(FROM, TO);
  const rows: Array<[string, number, number, number]> = [];
  const oneCold = await run(ONE_YEAR, 'bench-caller-1');
  rows.push(['1 year × every resource (cold)', oneCold.calls, idealCalls(['2024-25']), oneCold.ms]);
  const sevenCold = await run(SEVEN_YEARS_WITH_DUPLICATES, 'bench-caller-2');
  rows.push([
    '7 years × every resource, duplicate aliases (cold)',
    sevenCold.calls,
    idealCalls(sevenYears),
    sevenCold.ms,
  ]);
  const sevenWarm = await run(SEVEN_YEARS_WITH_DUPLICATES, 'bench-caller-2');
  rows.push(['same query again, same caller (warm)', sevenWarm.calls, 0, sevenWarm.ms]);
  const sevenOther = await run(SEVEN_YEARS_WITH_DUPLICATES, 'bench-caller-3');
  rows.push([
    'same query, a second caller (nothing shared)',
    sevenOther.calls,
    idealCalls(sevenYears),
    sevenOther.ms,
  ]);
  const summaryCold = await run(SEVEN_YEAR_SUMMARY, 'bench-caller-4');
  rows.push(['7-year summary (cold)', summaryCold.calls, idealCalls(sevenYears), summaryCold.ms]);
  const summaryWarm = await run(SEVEN_YEAR_SUMMARY, 'bench-caller-4');
  rows.push(['7-year summary (warm)', summaryWarm.calls, 0, summaryWarm.ms]);

  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(
    `\nUpstream budget (HMRC rate limit ${RPS} requests/second, memory cache, simulator on localhost)\n`,
  );
  console.log(`${'query'.padEnd(width)}  calls  ideal  wall time`);
  for (const [label, calls, ideal, ms] of rows) {
    console.log(
      `${label.padEnd(width)}  ${String(calls).padStart(5)}  ${String(ideal).padStart(5)}  ${String(ms).padStart(7)} ms`,
    );
  }
  // The limiter admits `lanes` calls per window lengthened by its latency margin (see rate-limiter.ts).
  const { lanes, windowSeconds } = lanesFor(RPS);
  const window = windowSeconds + DEFAULT_MARGIN_MS / 1000;
  const floor = Math.ceil(idealCalls(sevenYears) / lanes - 1) * window;
  console.log(
    `\nideal = distinct (resource, tax year) pairs HMRC serves for the years asked + 1 Self Assessment account call;` +
      `\n0 when warm. The budget admits ${lanes} calls per ${window.toFixed(1)} s (${(lanes / window).toFixed(2)}/s, ` +
      `a margin under ${RPS}/s for network jitter), so ${idealCalls(sevenYears)} calls cannot take less than ${floor.toFixed(1)} s.\n`,
  );

  await built.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
