import type { MutationResolvers } from '../../generated/graphql';
import { pensionCharges } from '../../hmrc/charges';
import { validateCreateAmendPensionCharges, validateDeletePensionCharges } from '../../validation/charges';
import { yearWrites } from '../support';

const charges = yearWrites(pensionCharges, validateCreateAmendPensionCharges, validateDeletePensionCharges);

export const Mutation: MutationResolvers = {
  createOrAmendPensionCharges: charges.createOrAmend,
  deletePensionCharges: charges.delete,
};
