import type { MutationResolvers } from '../../generated/graphql';
import { marriageAllowance, validateCreateMarriageAllowance } from '../../resources/marriage-allowance';
import { sendCommand } from '../support';

// The disclosures resource's own fields come from the registry (src/resources/disclosures.ts); the marriage-
// allowance claim is a NINO-keyed command, not a year resource (src/resources/marriage-allowance.ts).
export const Mutation: MutationResolvers = {
  createMarriageAllowance: (_root, { nino, input }, context) =>
    sendCommand(context, marriageAllowance, nino, input, (body) =>
      validateCreateMarriageAllowance(nino, body, context.settings),
    ),
};
