/**
 * The five Individuals Reliefs API resources (`/individuals/reliefs/{investment|other|foreign|pensions|
 * charitable-giving}/{nino}/{taxYear}`), each a field of `Reliefs`. Wire types and endpoints are in
 * `src/hmrc/reliefs.ts`, HMRC's rules per resource in `src/validation/reliefs/`; each definition pairs them once.
 */
import {
  RELIEFS_DEF2_FROM,
  charitableGiving as charitableGivingEndpoint,
  foreignReliefs as foreignReliefsEndpoint,
  otherReliefs as otherReliefsEndpoint,
  pensionReliefs as pensionReliefsEndpoint,
  reliefInvestments as reliefInvestmentsEndpoint,
} from '../hmrc/reliefs';
import * as demo from '../simulator/demo-data';
import { taxYearEnd } from '../validation/identifiers';
import * as charitable from '../validation/reliefs/charitable-giving';
import * as foreign from '../validation/reliefs/foreign';
import * as investments from '../validation/reliefs/investments';
import * as other from '../validation/reliefs/other';
import * as pensions from '../validation/reliefs/pensions';
import { defineResource, withSubmittedOn } from './types';

const byDef =
  <T>(def1: T, def2: T) =>
  (taxYear: string): T =>
    taxYearEnd(taxYear) >= taxYearEnd(RELIEFS_DEF2_FROM) ? def2 : def1;

export const reliefInvestments = defineResource({
  endpoint: reliefInvestmentsEndpoint,
  rules: {
    retrieve: investments.validateRetrieveReliefInvestments,
    createAmend: investments.validateCreateAmendReliefInvestments,
    delete: investments.validateDeleteReliefInvestments,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'investments',
    createOrAmend: 'createOrAmendReliefInvestments',
    delete: 'deleteReliefInvestments',
  },
  simulation: {
    example: byDef(demo.RELIEF_INVESTMENTS_DEF1_EXAMPLE, demo.RELIEF_INVESTMENTS_DEF2_EXAMPLE),
    demo: demo.demoReliefInvestments,
    stored: withSubmittedOn,
  },
  summarySource: 'RELIEF_INVESTMENTS',
});

export const otherReliefs = defineResource({
  endpoint: otherReliefsEndpoint,
  rules: {
    retrieve: other.validateRetrieveOtherReliefs,
    createAmend: other.validateCreateAmendOtherReliefs,
    delete: other.validateDeleteOtherReliefs,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'other',
    createOrAmend: 'createOrAmendOtherReliefs',
    delete: 'deleteOtherReliefs',
  },
  simulation: {
    example: () => demo.OTHER_RELIEFS_EXAMPLE,
    demo: demo.demoOtherReliefs,
    stored: withSubmittedOn,
  },
  summarySource: 'OTHER_RELIEFS',
});

export const foreignReliefs = defineResource({
  endpoint: foreignReliefsEndpoint,
  rules: {
    retrieve: foreign.validateRetrieveForeignReliefs,
    createAmend: foreign.validateCreateAmendForeignReliefs,
    delete: foreign.validateDeleteForeignReliefs,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'foreign',
    createOrAmend: 'createOrAmendForeignReliefs',
    delete: 'deleteForeignReliefs',
  },
  simulation: {
    example: () => demo.FOREIGN_RELIEFS_EXAMPLE,
    demo: demo.demoForeignReliefs,
    stored: withSubmittedOn,
  },
  summarySource: 'FOREIGN_RELIEFS',
});

export const pensionReliefs = defineResource({
  endpoint: pensionReliefsEndpoint,
  rules: {
    retrieve: pensions.validateRetrievePensionReliefs,
    createAmend: pensions.validateCreateAmendPensionReliefs,
    delete: pensions.validateDeletePensionReliefs,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'pensions',
    createOrAmend: 'createOrAmendPensionReliefs',
    delete: 'deletePensionReliefs',
  },
  simulation: {
    example: () => demo.PENSION_RELIEFS_EXAMPLE,
    demo: demo.demoPensionReliefs,
    stored: withSubmittedOn,
  },
  summarySource: 'PENSION_RELIEFS',
});

export const charitableGiving = defineResource({
  endpoint: charitableGivingEndpoint,
  rules: {
    retrieve: charitable.validateRetrieveCharitableGiving,
    createAmend: charitable.validateCreateAmendCharitableGiving,
    delete: charitable.validateDeleteCharitableGiving,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'charitableGiving',
    createOrAmend: 'createOrAmendCharitableGiving',
    delete: 'deleteCharitableGiving',
  },
  simulation: {
    example: byDef(demo.CHARITABLE_GIVING_DEF1_EXAMPLE, demo.CHARITABLE_GIVING_DEF2_EXAMPLE),
    demo: demo.demoCharitableGiving,
    // HMRC's charitable-giving response has no submittedOn.
    stored: (body) => body,
  },
  summarySource: 'CHARITABLE_GIVING',
});
