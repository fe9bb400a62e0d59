/**
 * Disclosures (Individuals Disclosures API 2.0, `/individuals/disclosures/{nino}/{taxYear}`). The wire types and
 * endpoint are in `src/hmrc/disclosures.ts`, HMRC's rules (its own wording, unsorted errors) in
 * `src/validation/disclosures.ts`. The marriage-allowance claim is a NINO-keyed command, not a year resource.
 */
import { disclosures as endpoint } from '../hmrc/disclosures';
import { DISCLOSURES_EXAMPLE, demoDisclosures } from '../simulator/demo-data';
import * as rules from '../validation/disclosures';
import { defineResource, withSubmittedOn } from './types';

export const disclosures = defineResource({
  endpoint,
  rules: {
    retrieve: rules.validateRetrieveDisclosures,
    createAmend: rules.validateCreateAmendDisclosures,
    delete: rules.validateDeleteDisclosures,
  },
  graphql: {
    parent: 'TaxpayerYear',
    field: 'disclosures',
    createOrAmend: 'createOrAmendDisclosures',
    delete: 'deleteDisclosures',
  },
  simulation: {
    example: () => DISCLOSURES_EXAMPLE,
    demo: demoDisclosures,
    stored: withSubmittedOn,
    // HMRC's DYNAMIC scenario echoes the request: submitted now, for the tax year asked about.
    dynamic: (taxYear, now) => ({
      ...DISCLOSURES_EXAMPLE,
      submittedOn: now.toISOString(),
      taxAvoidance: [{ srn: '14211123', taxYear }],
    }),
    formatNinoMessage: rules.DISCLOSURES_MESSAGES.FORMAT_NINO,
  },
  summarySource: 'DISCLOSURES',
});
