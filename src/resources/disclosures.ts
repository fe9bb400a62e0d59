/**
 * Disclosures (Individuals Disclosures API 2.0, `/individuals/disclosures/{nino}/{taxYear}`): everything about the
 * resource, in one place. The API's own wording of the shared codes and its environment-specific minimum tax year
 * are API-wide (`src/validation/disclosures.ts`, `src/hmrc/disclosures.ts`); the marriage-allowance claim is a
 * NINO-keyed command, not a year resource (`./marriage-allowance.ts`).
 *
 * HMRC's rules (hmrc/individuals-disclosures-api, `AmendDisclosuresValidatorFactory`; docs/hmrc-rules.md §5.2,
 * §5.3: resources/public/api/conf/2.0/schemas/amend_disclosures_request.json), reproduced so that a request HMRC
 * would refuse is refused here, with HMRC's codes, messages and paths, without being sent. The simulator runs the
 * same functions. Order of the checks, as a client of HMRC sees them (§2.2 rule 4, §2.3):
 *
 *   1. the NINO in the path, first and alone (HMRC looks it up before its validator runs);
 *   2. stage one, accumulated: the path tax year (format, then span, then the environment's minimum; first failure
 *      wins) together with the reading of the body (shape, mandatory fields, types, emptiness);
 *   3. stage two, only if stage one passed: the body's field rules.
 *
 * Unlike pension charges, disclosures does not pick a body schema by tax year, so a malformed tax year does not
 * stop the body from being read: `FORMAT_TAX_YEAR` and `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED` can come together
 * (§2.2 rule 5 applies only to schema-switching validators; HMRC's `AmendDisclosuresValidatorFactory` resolves the
 * tax year and the body side by side). Errors are reported in HMRC's validation order, unsorted (see
 * `src/validation/disclosures.ts`).
 */
import { z } from 'zod';
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import { DISCLOSURES_MIN_TAX_YEAR } from '../hmrc/disclosures';
import { yearResource } from '../hmrc/endpoint';
import { DISCLOSURES_MESSAGES as M } from '../validation/disclosures';
import { checkTaxYear } from '../validation/identifiers';
import type { Parsed } from '../validation/json-body';
import { array, boolean, object, optional, readJsonBody, string } from '../validation/json-body';
import { checkNino, checkTaxYearInFull, validateYearPath } from '../validation/path-params';
import { checkPattern } from '../validation/rules';
import { inTwoStages } from '../validation/stages';
import type { Validated, ValidationSettings } from '../validation/types';
import { defineResource, demoFor, withSubmittedOn } from './types';

// --- The PUT body (§5.2) ---------------------------------------------------------------------------------------

/**
 * HMRC's request model, read non-empty (`ResolveNonEmptyJsonObject`): unknown fields are ignored; a body with no
 * known field is the path-less `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED`.
 *
 * `class2Nics: {}` (or one whose only field is null) counts as absent: HMRC's Reads use `mapEmptyModelToNone`.
 *
 * `taxAvoidance: []` is refused with the path `/taxAvoidance`, as docs/hmrc-rules.md §5.2 specifies. HMRC's Reads
 * also apply `mapEmptySeqToNone` to `taxAvoidance`, under which an empty array would count as absent instead
 * (`{"taxAvoidance": []}` alone → the path-less error; next to a valid `class2Nics` → accepted). The reference is
 * authoritative where the two disagree; refusing the empty list also keeps a client from believing it sent a
 * disclosure that HMRC silently dropped.
 */
const requestBody = object({
  taxAvoidance: optional(array(object({ srn: string, taxYear: string }))),
  class2Nics: optional(object({ class2VoluntaryContributions: optional(boolean) }), { emptyAsAbsent: true }),
});

/** The PUT body, inferred from its spec. */
export type DisclosuresRequestDto = Parsed<typeof requestBody>;

// --- The GET body ---------------------------------------------------------------------------------------------

const taxAvoidance = z.object({ srn: z.string(), taxYear: z.string() });
const class2Nics = z.object({ class2VoluntaryContributions: z.boolean().optional() });

/**
 * What a successful GET must look like: HMRC's response schema (hmrc/individuals-disclosures-api,
 * resources/public/api/conf/2.0/schemas/retrieve_disclosures_response.json), nothing coerced (see
 * `src/hmrc/response-schemas.ts`).
 */
const responseSchema = z.object({
  submittedOn: z.string(),
  taxAvoidance: z.array(taxAvoidance).optional(),
  class2Nics: class2Nics.optional(),
});

/** The GET body, inferred from its schema; its parts are named for the GraphQL mappers (`codegen.ts`). */
export type DisclosuresDto = z.infer<typeof responseSchema>;
export type TaxAvoidanceDto = z.infer<typeof taxAvoidance>;
export type Class2NicsDto = z.infer<typeof class2Nics>;

// --- The endpoint -----------------------------------------------------------------------------------------------

export const disclosuresEndpoint = yearResource<DisclosuresDto, DisclosuresRequestDto>({
  api: 'disclosures',
  name: 'disclosures',
  responseSchema,
  pathTemplate: '/individuals/disclosures/{nino}/{taxYear}',
  // The sandbox's; the rules take the environment's from the settings (see `pathTaxYearErrors`).
  minTaxYear: DISCLOSURES_MIN_TAX_YEAR.sandbox,
  writeMethod: 'PUT',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §5.5); DYNAMIC answers a GET built from the request.
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL', 'DYNAMIC'],
    createAmend: ['VOLUNTARY_CLASS2_CANNOT_BE_CHANGED', 'NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: false,
});

// --- Rules ----------------------------------------------------------------------------------------------------

/**
 * The path tax year in full: format, span, then the minimum. HMRC's minimum for disclosures is environment
 * configuration (`minimumPermittedTaxYear`; §2.5, §5.1, §9 item 3): 2019-20 in the sandbox, 2021-22 in
 * production, so it comes from the settings, never from a constant. There is no maximum.
 */
function pathTaxYearErrors(nino: string, taxYear: string, settings: ValidationSettings): HmrcError[] {
  return validateYearPath(nino, taxYear, { minTaxYear: settings.disclosuresMinTaxYear }, M);
}

const SRN = /^[0-9]{8}$/;

/** The tax year in which a scheme's advantage arises: format and span only, no minimum (§5.2, §2.5 table). */
function checkAdvantageTaxYear(taxYear: string, path: string): HmrcError[] {
  const problem = checkTaxYear(taxYear);
  return problem ? [hmrcError(problem, { paths: [path], message: M[problem] })] : [];
}

/** HMRC's `AmendDisclosuresValidator`, in its order: each scheme's SRN then tax year, then the Class 2 toggle. */
function disclosuresRules(body: DisclosuresRequestDto): HmrcError[] {
  const { taxAvoidance = [], class2Nics } = body;
  return [
    ...taxAvoidance.flatMap((item, i) => [
      ...checkPattern(item.srn, SRN, 'FORMAT_SRN_INVALID', `/taxAvoidance/${i}/srn`),
      ...checkAdvantageTaxYear(item.taxYear, `/taxAvoidance/${i}/taxYear`),
    ]),
    // Present means non-empty (see the model above), so the toggle is there; HMRC accepts only `true`.
    ...(class2Nics && class2Nics.class2VoluntaryContributions !== true
      ? [
          hmrcError('RULE_VOLUNTARY_CLASS2_VALUE_INVALID', {
            paths: ['/class2Nics/class2VoluntaryContributions'],
          }),
        ]
      : []),
  ];
}

// --- Entry points -------------------------------------------------------------------------------------------

/** Retrieve (§5.3). */
export function validateRetrieveDisclosures(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return pathTaxYearErrors(nino, taxYear, settings);
}

/** Delete (§5.3). */
export function validateDeleteDisclosures(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return pathTaxYearErrors(nino, taxYear, settings);
}

/** Create and amend (§5.2). */
export function validateCreateAmendDisclosures(
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
): Validated<DisclosuresRequestDto> {
  const ninoErrors = checkNino(nino, M);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const read = readJsonBody(requestBody, body, { nonEmpty: true });
  return inTwoStages(
    [...checkTaxYearInFull(taxYear, { minTaxYear: settings.disclosuresMinTaxYear }, M)],
    read,
    (value) => disclosuresRules(value),
    'unsorted',
  );
}

// --- Examples and demo data (HMRC's example response) -------------------------------------------------------

export const DISCLOSURES_EXAMPLE: DisclosuresDto = {
  submittedOn: '2020-07-06T09:37:17.000Z',
  taxAvoidance: [{ srn: '14211123', taxYear: '2020-21' }],
  class2Nics: { class2VoluntaryContributions: true },
};

// --- The resource -------------------------------------------------------------------------------------------

export const disclosures = defineResource({
  endpoint: disclosuresEndpoint,
  rules: {
    retrieve: validateRetrieveDisclosures,
    createAmend: validateCreateAmendDisclosures,
    delete: validateDeleteDisclosures,
  },
  graphql: {
    parent: 'TaxpayerYear',
    field: 'disclosures',
    createOrAmend: 'createOrAmendDisclosures',
    delete: 'deleteDisclosures',
  },
  simulation: {
    example: () => DISCLOSURES_EXAMPLE,
    demo: demoFor({ '2023-24': DISCLOSURES_EXAMPLE, '2024-25': DISCLOSURES_EXAMPLE }),
    stored: withSubmittedOn,
    // HMRC's DYNAMIC scenario echoes the request: submitted now, for the tax year asked about.
    dynamic: (taxYear, now) => ({
      ...DISCLOSURES_EXAMPLE,
      submittedOn: now.toISOString(),
      taxAvoidance: [{ srn: '14211123', taxYear }],
    }),
    formatNinoMessage: M.FORMAT_NINO,
  },
  summarySource: 'DISCLOSURES',
});
