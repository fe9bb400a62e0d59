/**
 * The registry: every NINO + tax year resource the gateway serves, each defined once in its own file (endpoint,
 * body spec and inferred types, HMRC's rules, GraphQL names, simulation and demo data; see `types.ts`). The read
 * and write resolvers, the simulator's endpoint table, the yearly summary and the schema-docs test read this
 * list; adding a resource is its SDL, its file, one line here, its `id` in `src/resolvers/identity/index.ts`, its
 * new error codes (and README lines). The marriage-allowance claim (`marriage-allowance.ts`) has its own file
 * here too but is a NINO-keyed command, not a year resource, so it is not listed.
 */
import { charitableGiving } from './charitable-giving';
import { disclosures } from './disclosures';
import { foreignReliefs } from './foreign-reliefs';
import { highIncomeChildBenefitCharge } from './high-income-child-benefit-charge';
import { otherReliefs } from './other-reliefs';
import { pensionCharges } from './pension-charges';
import { pensionReliefs } from './pension-reliefs';
import { reliefInvestments } from './relief-investments';
import type { ResourceDefinition } from './types';
import { winterFuelPayment } from './winter-fuel-payment';

export const RESOURCES = {
  pensionCharges,
  highIncomeChildBenefitCharge,
  winterFuelPayment,
  reliefInvestments,
  otherReliefs,
  foreignReliefs,
  pensionReliefs,
  charitableGiving,
  disclosures,
} as const;

/** Every resource, in the order above (the yearly summary's `noData` follows it). */
export const RESOURCE_LIST: ReadonlyArray<ResourceDefinition<unknown, unknown>> = Object.values(RESOURCES);

export type { ReadQuery, ResourceDefinition } from './types';
