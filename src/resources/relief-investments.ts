/**
 * Relief investments (Individuals Reliefs API 3.0; 2.0 still selectable,
 * `/individuals/reliefs/investment/{nino}/{taxYear}`): everything about the resource, in one place.
 *
 * HMRC's rules, from its v3 `Def1`/`Def2` validators and the single v2 schema (hmrc/individuals-reliefs-api;
 * docs/hmrc-rules.md §2.2–§2.7, §4.1, §4.2, Appendix A.2: resources/public/api/conf/3.0/schemas/
 * amend_relief_investments/def{1,2}/, conf/2.0/schemas/amend_relief_investments_request.json), reproduced so that a request HMRC would refuse is refused here, with HMRC's codes, paths and
 * order, without being sent. The simulator runs the same functions. Two body generations in v3: before 2025-26
 * (def1, with social enterprise investments) and from 2025-26 (def2); v2 has only the first, and serves tax years
 * up to 2024-25 on GET and PUT.
 */
import { z } from 'zod';
import type { HmrcError } from '../errors/hmrc-error';
import { yearResource } from '../hmrc/endpoint';
import { taxYearEnd } from '../validation/identifiers';
import type { Parsed, Spec } from '../validation/json-body';
import { array, boolean, number, object, optional, readJsonBody, string } from '../validation/json-body';
import type { TaxYearLimits } from '../validation/path-params';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../validation/path-params';
import {
  NAME_PATTERN,
  REFERENCE_PATTERN,
  RELIEFS_DEF2_FROM,
  checkMatch,
  isReliefsV2,
} from '../validation/reliefs/shared';
import { checkDate, checkNumber } from '../validation/rules';
import { inTwoStages } from '../validation/stages';
import type { Validated, ValidationSettings } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

/** HMRC's validators' minimum (earlier than its docs say). */
const MIN_TAX_YEAR = '2020-21';

/** v2 serves tax years up to 2024-25 on GET and PUT (§2.5 table, §4.7); its DELETE has no maximum. */
const V2_MAX_TAX_YEAR = '2024-25';

function limitsFor(settings: ValidationSettings, withVersionMax: boolean): TaxYearLimits {
  return withVersionMax && isReliefsV2(settings)
    ? {
        minTaxYear: MIN_TAX_YEAR,
        maxTaxYear: V2_MAX_TAX_YEAR,
        aboveMaxCode: 'RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED',
      }
    : { minTaxYear: MIN_TAX_YEAR };
}

/** v3 from 2025-26 uses the second generation; v2 has only the first. */
export function isDef2TaxYear(taxYear: string, settings: ValidationSettings): boolean {
  return !isReliefsV2(settings) && taxYearEnd(taxYear) >= taxYearEnd(RELIEFS_DEF2_FROM);
}

// --- The PUT body, in the order of HMRC's request models -------------------------------------------------------

/** An item with an optional `name`: VCT before 2025-26, community investment in both generations. */
const namedItem = object({
  uniqueInvestmentRef: string,
  name: optional(string),
  dateOfInvestment: optional(string),
  amountInvested: optional(number),
  reliefClaimed: number,
});

/** Before 2025-26 (and v2): only the reference and the relief claimed are required in every item. */
const def1Body = object({
  vctSubscription: optional(array(namedItem)),
  eisSubscription: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        name: optional(string),
        knowledgeIntensive: optional(boolean),
        dateOfInvestment: optional(string),
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  communityInvestment: optional(array(namedItem)),
  seedEnterpriseInvestment: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        companyName: optional(string),
        dateOfInvestment: optional(string),
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  socialEnterpriseInvestment: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        socialEnterpriseName: optional(string),
        dateOfInvestment: optional(string),
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
});

/**
 * From 2025-26 (v3): no social enterprise investments (an unknown field, ignored like any other, §2.7); VCT needs a
 * name and a date but no reference; EIS a name, `knowledgeIntensive` and a date; SEIS a company name and a date;
 * community investment is unchanged (§4.2).
 */
const def2Body = object({
  vctSubscription: optional(
    array(
      object({
        uniqueInvestmentRef: optional(string),
        name: string,
        dateOfInvestment: string,
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  eisSubscription: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        name: string,
        knowledgeIntensive: boolean,
        dateOfInvestment: string,
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
  communityInvestment: optional(array(namedItem)),
  seedEnterpriseInvestment: optional(
    array(
      object({
        uniqueInvestmentRef: string,
        companyName: string,
        dateOfInvestment: string,
        amountInvested: optional(number),
        reliefClaimed: number,
      }),
    ),
  ),
});

/** The PUT body, inferred from its specs: either generation (neither contains the other). */
export type ReliefInvestmentsRequestDto = Parsed<typeof def1Body> | Parsed<typeof def2Body>;

// --- The GET body ---------------------------------------------------------------------------------------------

const investment = {
  uniqueInvestmentRef: z.string().optional(),
  dateOfInvestment: z.string().optional(),
  amountInvested: z.number().optional(),
  reliefClaimed: z.number(),
};
const vctSubscription = z.object({ ...investment, name: z.string().optional() });
const eisSubscription = z.object({
  ...investment,
  name: z.string().optional(),
  knowledgeIntensive: z.boolean().optional(),
});
const communityInvestment = z.object({ ...investment, name: z.string().optional() });
const seedEnterpriseInvestment = z.object({ ...investment, companyName: z.string().optional() });
const socialEnterpriseInvestment = z.object({ ...investment, socialEnterpriseName: z.string().optional() });

/**
 * What a successful GET must look like: HMRC's response schemas (hmrc/individuals-reliefs-api,
 * resources/public/api/conf/3.0/schemas/relief_investments_retrieve/def{1,2}/ and
 * conf/2.0/schemas/retrieve_relief_investments_response.json), one schema for both
 * generations (every field either may lack is optional), nothing coerced (see `src/hmrc/response-schemas.ts`).
 */
const responseSchema = z.object({
  submittedOn: z.string(),
  vctSubscription: z.array(vctSubscription).optional(),
  eisSubscription: z.array(eisSubscription).optional(),
  communityInvestment: z.array(communityInvestment).optional(),
  seedEnterpriseInvestment: z.array(seedEnterpriseInvestment).optional(),
  socialEnterpriseInvestment: z.array(socialEnterpriseInvestment).optional(),
});

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type ReliefInvestmentsDto = z.infer<typeof responseSchema>;
export type VctSubscriptionDto = z.infer<typeof vctSubscription>;
export type EisSubscriptionDto = z.infer<typeof eisSubscription>;
export type CommunityInvestmentDto = z.infer<typeof communityInvestment>;
export type SeedEnterpriseInvestmentDto = z.infer<typeof seedEnterpriseInvestment>;
export type SocialEnterpriseInvestmentDto = z.infer<typeof socialEnterpriseInvestment>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const reliefInvestmentsEndpoint = yearResource<ReliefInvestmentsDto, ReliefInvestmentsRequestDto>({
  api: 'reliefs',
  name: 'reliefInvestments',
  responseSchema,
  pathTemplate: '/individuals/reliefs/investment/{nino}/{taxYear}',
  minTaxYear: MIN_TAX_YEAR,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §4.8).
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL'],
    createAmend: ['OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: false,
});

// --- Business rules (HMRC's `RulesValidator`), in HMRC's order --------------------------------------------------

/** The fields the rules read, as any scheme's item of either generation may carry them. */
interface AnyInvestment {
  uniqueInvestmentRef?: string;
  name?: string;
  companyName?: string;
  socialEnterpriseName?: string;
  dateOfInvestment?: string;
  amountInvested?: number;
  reliefClaimed: number;
}

/** The arrays in HMRC's validation order, each with the field that holds its name. */
const SCHEMES = [
  ['vctSubscription', 'name'],
  ['eisSubscription', 'name'],
  ['communityInvestment', 'name'],
  ['seedEnterpriseInvestment', 'companyName'],
  ['socialEnterpriseInvestment', 'socialEnterpriseName'],
] as const;

/**
 * Per item: reference, name, date, amount invested, relief claimed. Whether a field must be present was settled by
 * the reading, so every rule here applies to a field that is there (def1 and def2 share the rules themselves).
 */
function itemRules(item: AnyInvestment, nameField: (typeof SCHEMES)[number][1], at: string): HmrcError[] {
  const name = item[nameField];
  return [
    ...(item.uniqueInvestmentRef === undefined
      ? []
      : checkMatch(
          item.uniqueInvestmentRef,
          REFERENCE_PATTERN,
          'FORMAT_UNIQUE_INVESTMENT_REFERENCE',
          `${at}/uniqueInvestmentRef`,
        )),
    ...(name === undefined ? [] : checkMatch(name, NAME_PATTERN, 'FORMAT_NAME', `${at}/${nameField}`)),
    // ISO date, 1900 ≤ year < 2100 (`checkDate`'s default range).
    ...(item.dateOfInvestment === undefined
      ? []
      : checkDate(item.dateOfInvestment, 'FORMAT_DATE_OF_INVESTMENT', `${at}/dateOfInvestment`)),
    ...(item.amountInvested === undefined ? [] : checkNumber(item.amountInvested, `${at}/amountInvested`)),
    ...checkNumber(item.reliefClaimed, `${at}/reliefClaimed`),
  ];
}

function businessRules(body: ReliefInvestmentsRequestDto): HmrcError[] {
  const schemes = body as Partial<Record<(typeof SCHEMES)[number][0], AnyInvestment[]>>;
  return SCHEMES.flatMap(([scheme, nameField]) =>
    (schemes[scheme] ?? []).flatMap((item, i) => itemRules(item, nameField, `/${scheme}/${i}`)),
  );
}

// --- Entry points -------------------------------------------------------------------------------------------

export function validateRetrieveReliefInvestments(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limitsFor(settings, true));
}

export function validateDeleteReliefInvestments(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return validateYearPath(nino, taxYear, limitsFor(settings, false));
}

/**
 * The PUT. The NINO is checked first and alone (§2.3 step 5). Then the two versions differ, as HMRC's do:
 *
 * - v3 chooses def1/def2 in its validator factory, which resolves the tax year with `ResolveTaxYearMinimum`; when
 *   that fails the factory returns the tax-year error alone (§2.2 item 5), so format, span and minimum are all
 *   reported without the body being read;
 * - v2 has one schema and resolves the tax year (minimum and maximum) inside the validator, together with the
 *   reading of the body, so those errors accumulate (§2.2 item 4).
 *
 * In both, the body rules run only when everything before them passed; errors are merged and sorted by code.
 */
export function validateCreateAmendReliefInvestments(
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
): Validated<ReliefInvestmentsRequestDto> {
  const ninoErrors = checkNino(nino);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const yearErrors = checkTaxYearInFull(taxYear, limitsFor(settings, true));
  if (yearErrors.length > 0 && !isReliefsV2(settings)) return { ok: false, errors: yearErrors };

  const spec: Spec<ReliefInvestmentsRequestDto> =
    yearErrors.length === 0 && isDef2TaxYear(taxYear, settings) ? def2Body : def1Body;
  const read = readJsonBody(spec, body, { nonEmpty: true });
  return inTwoStages([...yearErrors], read, (value) => businessRules(value), 'byCode');
}

// --- Examples and demo data (HMRC's example responses) ------------------------------------------------------

const investmentsDef2 = {
  vctSubscription: [
    {
      uniqueInvestmentRef: 'VCTREF',
      name: 'VCT Fund X',
      dateOfInvestment: '2018-04-16',
      amountInvested: 23312,
      reliefClaimed: 1334,
    },
  ],
  eisSubscription: [
    {
      uniqueInvestmentRef: 'XTAL',
      name: 'EIS Fund X',
      knowledgeIntensive: true,
      dateOfInvestment: '2020-12-12',
      amountInvested: 23312,
      reliefClaimed: 43432,
    },
  ],
  communityInvestment: [
    {
      uniqueInvestmentRef: 'CIREF',
      name: 'CI X',
      dateOfInvestment: '2020-12-12',
      amountInvested: 6442,
      reliefClaimed: 2344,
    },
  ],
  seedEnterpriseInvestment: [
    {
      uniqueInvestmentRef: '1234121A',
      companyName: 'Company Inc',
      dateOfInvestment: '2020-12-12',
      amountInvested: 123123.22,
      reliefClaimed: 3432,
    },
  ],
};

/** HMRC's relief-investments examples: before 2025-26 (with SITR) and from 2025-26. */
export const RELIEF_INVESTMENTS_DEF1_EXAMPLE: ReliefInvestmentsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  ...investmentsDef2,
  socialEnterpriseInvestment: [
    {
      uniqueInvestmentRef: '1234121A',
      socialEnterpriseName: 'SE Inc',
      dateOfInvestment: '2020-12-12',
      amountInvested: 123123.22,
      reliefClaimed: 3432,
    },
  ],
};
export const RELIEF_INVESTMENTS_DEF2_EXAMPLE: ReliefInvestmentsDto = {
  submittedOn: '2019-04-04T01:01:01.000Z',
  ...investmentsDef2,
};

// --- The resource -------------------------------------------------------------------------------------------

export const reliefInvestments = defineResource({
  endpoint: reliefInvestmentsEndpoint,
  rules: {
    retrieve: validateRetrieveReliefInvestments,
    createAmend: validateCreateAmendReliefInvestments,
    delete: validateDeleteReliefInvestments,
  },
  graphql: {
    parent: 'Reliefs',
    field: 'investments',
    createOrAmend: 'createOrAmendReliefInvestments',
    delete: 'deleteReliefInvestments',
  },
  simulation: {
    // The sandbox's example follows the tax year alone (whichever API version was asked for).
    example: (taxYear) =>
      taxYearEnd(taxYear) >= taxYearEnd(RELIEFS_DEF2_FROM)
        ? RELIEF_INVESTMENTS_DEF2_EXAMPLE
        : RELIEF_INVESTMENTS_DEF1_EXAMPLE,
    demo: demoFor({
      '2023-24': RELIEF_INVESTMENTS_DEF1_EXAMPLE,
      '2024-25': RELIEF_INVESTMENTS_DEF1_EXAMPLE,
      '2025-26': RELIEF_INVESTMENTS_DEF2_EXAMPLE,
    }),
    stored: withSubmittedOn,
  },
  summarySource: 'RELIEF_INVESTMENTS',
});
