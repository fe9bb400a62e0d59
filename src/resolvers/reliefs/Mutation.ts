import type { MutationResolvers } from '../../generated/graphql';
import {
  charitableGiving,
  foreignReliefs,
  otherReliefs,
  pensionReliefs,
  reliefInvestments,
} from '../../hmrc/reliefs';
import * as charitable from '../../validation/reliefs/charitable-giving';
import * as foreign from '../../validation/reliefs/foreign';
import * as investments from '../../validation/reliefs/investments';
import * as other from '../../validation/reliefs/other';
import * as pensions from '../../validation/reliefs/pensions';
import { yearWrites } from '../support';

const investmentWrites = yearWrites(
  reliefInvestments,
  investments.validateCreateAmendReliefInvestments,
  investments.validateDeleteReliefInvestments,
);
const otherWrites = yearWrites(
  otherReliefs,
  other.validateCreateAmendOtherReliefs,
  other.validateDeleteOtherReliefs,
);
const foreignWrites = yearWrites(
  foreignReliefs,
  foreign.validateCreateAmendForeignReliefs,
  foreign.validateDeleteForeignReliefs,
);
const pensionWrites = yearWrites(
  pensionReliefs,
  pensions.validateCreateAmendPensionReliefs,
  pensions.validateDeletePensionReliefs,
);
const charitableWrites = yearWrites(
  charitableGiving,
  charitable.validateCreateAmendCharitableGiving,
  charitable.validateDeleteCharitableGiving,
);

export const Mutation: MutationResolvers = {
  createOrAmendReliefInvestments: investmentWrites.createOrAmend,
  deleteReliefInvestments: investmentWrites.delete,
  createOrAmendOtherReliefs: otherWrites.createOrAmend,
  deleteOtherReliefs: otherWrites.delete,
  createOrAmendForeignReliefs: foreignWrites.createOrAmend,
  deleteForeignReliefs: foreignWrites.delete,
  createOrAmendPensionReliefs: pensionWrites.createOrAmend,
  deletePensionReliefs: pensionWrites.delete,
  createOrAmendCharitableGiving: charitableWrites.createOrAmend,
  deleteCharitableGiving: charitableWrites.delete,
};
