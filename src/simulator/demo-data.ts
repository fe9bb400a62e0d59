/**
 * Demo data for the documented demo taxpayer, so that a newcomer's first query against the simulator shows
 * something. Every caller sees the same starting data and then their own writes on top of it. The figures
 * follow HMRC's own example responses. Most resources declare theirs in their own file under `src/resources/`.
 */
import type { DisclosuresDto } from '../hmrc/disclosures';

/** The demo taxpayer's National Insurance number. */
export const DEMO_NINO = 'AA123456A';

export const DISCLOSURES_EXAMPLE: DisclosuresDto = {
  submittedOn: '2020-07-06T09:37:17.000Z',
  taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
  class2Nics: { class2VoluntaryContributions: true },
};

/** Demo data by resource: what the demo taxpayer holds before anyone writes. */
function demoFor<T>(byYear: Readonly<Record<string, T>>): (nino: string, taxYear: string) => T | undefined {
  return (nino, taxYear) => (nino === DEMO_NINO ? byYear[taxYear] : undefined);
}

export const demoDisclosures = demoFor({ '2023-24': DISCLOSURES_EXAMPLE, '2024-25': DISCLOSURES_EXAMPLE });
