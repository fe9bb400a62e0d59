import type { MutationResolvers } from '../../generated/graphql';
import { pensionCharges } from '../../hmrc/charges';
import { validateCreateAmendPensionCharges, validateDeletePensionCharges } from '../../validation/charges';
import { createAmendYear, deleteYear } from '../support';

export const Mutation: MutationResolvers = {
  createOrAmendPensionCharges: (_root, { nino, taxYear, input }, context) =>
    createAmendYear(context, pensionCharges, { nino, taxYear }, input, (body) =>
      validateCreateAmendPensionCharges(nino, taxYear, body),
    ),
  deletePensionCharges: (_root, { nino, taxYear }, context) =>
    deleteYear(context, pensionCharges, { nino, taxYear }, validateDeletePensionCharges(nino, taxYear)),
};
