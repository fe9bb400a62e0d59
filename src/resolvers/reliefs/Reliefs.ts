import type { ReliefsResolvers } from '../../generated/graphql';
import {
  charitableGiving,
  foreignReliefs,
  otherReliefs,
  pensionReliefs,
  reliefInvestments,
} from '../../hmrc/reliefs';
import { validateRetrieveCharitableGiving } from '../../validation/reliefs/charitable-giving';
import { validateRetrieveForeignReliefs } from '../../validation/reliefs/foreign';
import { validateRetrieveReliefInvestments } from '../../validation/reliefs/investments';
import { validateRetrieveOtherReliefs } from '../../validation/reliefs/other';
import { validateRetrievePensionReliefs } from '../../validation/reliefs/pensions';
import { readYear } from '../support';

export const Reliefs: ReliefsResolvers = {
  investments: readYear(reliefInvestments, validateRetrieveReliefInvestments),
  other: readYear(otherReliefs, validateRetrieveOtherReliefs),
  foreign: readYear(foreignReliefs, validateRetrieveForeignReliefs),
  pensions: readYear(pensionReliefs, validateRetrievePensionReliefs),
  charitableGiving: readYear(charitableGiving, validateRetrieveCharitableGiving),
};
