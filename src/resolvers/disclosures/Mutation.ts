import type { MutationResolvers } from '../../generated/graphql';
import { disclosures, marriageAllowance } from '../../hmrc/disclosures';
import {
  validateCreateAmendDisclosures,
  validateCreateMarriageAllowance,
  validateDeleteDisclosures,
} from '../../validation/disclosures';
import { sendCommand, yearWrites } from '../support';

const disclosureWrites = yearWrites(disclosures, validateCreateAmendDisclosures, validateDeleteDisclosures);

export const Mutation: MutationResolvers = {
  createOrAmendDisclosures: disclosureWrites.createOrAmend,
  deleteDisclosures: disclosureWrites.delete,
  createMarriageAllowance: (_root, { nino, input }, context) =>
    sendCommand(context, marriageAllowance, nino, input, (body) =>
      validateCreateMarriageAllowance(nino, body, context.settings),
    ),
};
