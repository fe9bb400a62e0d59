/**
 * HMRC's validation of the Individuals Disclosures API v2.0 (docs/hmrc-rules.md §5): disclosures (GET, PUT and
 * DELETE per NINO + tax year) and the marriage-allowance claim (POST per NINO), reproduced so that a request HMRC
 * would refuse is refused here, with HMRC's codes, messages and paths, without being sent. The simulator runs the
 * same functions, so it refuses what HMRC's sandbox refuses.
 *
 * Order of the checks, as a client of HMRC sees them (§2.2 rule 4, §2.3):
 *
 *   1. the NINO in the path, first and alone (HMRC looks it up before its validator runs);
 *   2. stage one, accumulated: the path tax year (format, then span, then the environment's minimum; first failure
 *      wins) together with the reading of the body (shape, mandatory fields, types, emptiness);
 *   3. stage two, only if stage one passed: the body's field rules.
 *
 * Unlike pension charges, disclosures does not pick a body schema by tax year, so a malformed tax year does not
 * stop the body from being read: `FORMAT_TAX_YEAR` and `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED` can come together
 * (§2.2 rule 5 applies only to schema-switching validators; HMRC's `AmendDisclosuresValidatorFactory` resolves the
 * tax year and the body side by side).
 *
 * Error order: HMRC's disclosures service does not sort its errors. It groups them by message in a Scala `groupBy`,
 * whose iteration order is a hash order that HMRC does not specify (§2.2 rule 3, §9 item 8). The gateway instead
 * reports the groups deterministically in HMRC's validation order (first occurrence of each message), so the same
 * request always gets the same list; clients must compare HMRC's own lists as sets.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import type { DisclosuresRequestDto, MarriageAllowanceRequestDto } from '../hmrc/disclosures';
import { combineErrors } from './combine';
import { checkTaxYear, isValidNino } from './identifiers';
import type { Spec } from './json-body';
import { array, boolean, object, optional, readJsonBody, string } from './json-body';
import type { PathMessages } from './path-params';
import { checkNino, checkTaxYearInFull, validateYearPath } from './path-params';
import { checkDate, checkPattern } from './rules';
import type { Validated, ValidationSettings } from './types';
import { inTwoStages } from './stages';

/** Disclosures words the shared codes differently from the other APIs (docs/hmrc-rules.md §2.8). */
export const DISCLOSURES_MESSAGES = {
  FORMAT_NINO: 'The provided NINO is invalid',
  FORMAT_TAX_YEAR: 'The provided tax year is invalid',
  RULE_TAX_YEAR_RANGE_INVALID: 'Tax year range invalid. A tax year range of one year is required',
  RULE_TAX_YEAR_NOT_SUPPORTED:
    'The specified tax year is not supported. That is, the tax year specified is before the minimum tax year value',
} as const satisfies PathMessages;

const M: PathMessages = DISCLOSURES_MESSAGES;

/**
 * The path tax year in full: format, span, then the minimum. HMRC's minimum for disclosures is environment
 * configuration (`minimumPermittedTaxYear`; §2.5, §5.1, §9 item 3): 2019-20 in the sandbox, 2021-22 in
 * production, so it comes from the settings, never from a constant. There is no maximum.
 */
function pathTaxYearErrors(nino: string, taxYear: string, settings: ValidationSettings): HmrcError[] {
  return validateYearPath(nino, taxYear, { minTaxYear: settings.disclosuresMinTaxYear }, M);
}

// --- Retrieve and delete (§5.3) --------------------------------------------------------------------------------

export function validateRetrieveDisclosures(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return pathTaxYearErrors(nino, taxYear, settings);
}

export function validateDeleteDisclosures(
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
): HmrcError[] {
  return pathTaxYearErrors(nino, taxYear, settings);
}

// --- Create and amend (§5.2) -----------------------------------------------------------------------------------

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
const disclosuresBody: Spec<DisclosuresRequestDto> = object({
  taxAvoidance: optional(array(object({ srn: string, taxYear: string }))),
  class2Nics: optional(object({ class2VoluntaryContributions: optional(boolean) }), { emptyAsAbsent: true }),
});

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

export function validateCreateAmendDisclosures(
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
): Validated<DisclosuresRequestDto> {
  const ninoErrors = checkNino(nino, M);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const read = readJsonBody(disclosuresBody, body, { nonEmpty: true });
  return inTwoStages(
    [...checkTaxYearInFull(taxYear, { minTaxYear: settings.disclosuresMinTaxYear }, M)],
    read,
    (value) => disclosuresRules(value),
    'unsorted',
  );
}

// --- Marriage allowance (§5.4) ---------------------------------------------------------------------------------

/** Surname and spouse NINO are mandatory: missing, they are `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED` with paths. */
const marriageAllowanceBody: Spec<MarriageAllowanceRequestDto> = object({
  spouseOrCivilPartnerNino: string,
  spouseOrCivilPartnerFirstName: optional(string),
  spouseOrCivilPartnerSurname: string,
  spouseOrCivilPartnerDateOfBirth: optional(string),
});

// Letters, digits, space and , . ( ) / & ' - ; 1 to 35 characters; and not blank (HMRC's ResolveStringPattern).
const NAME = /^[A-Za-z0-9 ,.()/&'-]{1,35}$/;

/**
 * HMRC's `CreateMarriageAllowanceValidator`, in its order: spouse NINO, surname, first name, date of birth. None
 * of these errors carries a path (§5.4: HMRC adds none).
 *
 * The spouse NINO is checked with the same runtime rule as the claimant's (`ResolveNino.isValid`, suffix optional),
 * not with the stricter suffix-mandatory pattern of HMRC's JSON schema (§2.4, §9 item 6).
 * The date of birth must be a real ISO date with 1900 ≤ year ≤ 2100: both ends inclusive here, unlike the other
 * APIs' dates, which stop before 2100 (§5.4).
 */
function marriageAllowanceRules(body: MarriageAllowanceRequestDto): HmrcError[] {
  const firstName = body.spouseOrCivilPartnerFirstName;
  const dateOfBirth = body.spouseOrCivilPartnerDateOfBirth;
  return [
    ...(isValidNino(body.spouseOrCivilPartnerNino)
      ? []
      : [hmrcError('FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO')]),
    ...checkPattern(body.spouseOrCivilPartnerSurname, NAME, 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME'),
    ...(firstName === undefined
      ? []
      : checkPattern(firstName, NAME, 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME')),
    ...(dateOfBirth === undefined
      ? []
      : checkDate(dateOfBirth, 'FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH', undefined, {
          maxYearInclusive: 2100,
        })),
  ];
}

/**
 * The POST: the claimant's NINO first and alone; then the reading of the body; and only if that passed, the
 * field rules. There is no tax year.
 */
export function validateCreateMarriageAllowance(
  nino: string,
  body: unknown,
  _settings: ValidationSettings,
): Validated<MarriageAllowanceRequestDto> {
  const ninoErrors = checkNino(nino, M);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const read = readJsonBody(marriageAllowanceBody, body, { nonEmpty: true });
  if (!read.ok) return { ok: false, errors: [read.error] };

  const rules = marriageAllowanceRules(read.value);
  return rules.length > 0
    ? { ok: false, errors: combineErrors(rules, 'unsorted') }
    : { ok: true, value: read.value };
}
