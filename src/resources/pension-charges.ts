/**
 * Pension charges (Individuals Charges API 3.0, `/individuals/charges/pensions/{nino}/{taxYear}`). The wire
 * types and the endpoint are in `src/hmrc/charges.ts`, HMRC's rules (def1 before 2024-25, def2 from it, strict
 * reading) in `src/validation/charges.ts`; this file pairs them, once.
 */
import { pensionCharges as endpoint } from '../hmrc/charges';
import {
  demoPensionCharges,
  PENSION_CHARGES_DEF1_EXAMPLE,
  PENSION_CHARGES_DEF2_EXAMPLE,
} from '../simulator/demo-data';
import * as rules from '../validation/charges';
import { defineResource, withSubmittedOn } from './types';

export const pensionCharges = defineResource({
  endpoint,
  rules: {
    retrieve: rules.validateRetrievePensionCharges,
    createAmend: rules.validateCreateAmendPensionCharges,
    delete: rules.validateDeletePensionCharges,
  },
  graphql: {
    parent: 'TaxpayerYear',
    field: 'pensionCharges',
    createOrAmend: 'createOrAmendPensionCharges',
    delete: 'deletePensionCharges',
  },
  simulation: {
    example: (taxYear) =>
      rules.isDef2TaxYear(taxYear) ? PENSION_CHARGES_DEF2_EXAMPLE : PENSION_CHARGES_DEF1_EXAMPLE,
    demo: demoPensionCharges,
    stored: withSubmittedOn,
  },
  summarySource: 'PENSION_CHARGES',
});
