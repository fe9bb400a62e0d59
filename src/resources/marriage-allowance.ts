/**
 * The marriage-allowance claim (Individuals Disclosures API 2.0, POST
 * `/individuals/disclosures/marriage-allowance/{nino}`): everything about the command, in one place. It is keyed
 * by NINO alone and nothing is read back, so it is not a year resource and not in the registry (`./index.ts`):
 * its mutation (`src/resolvers/disclosures/Mutation.ts`) and its simulator entry (`src/simulator/endpoints.ts`)
 * name it directly.
 *
 * HMRC's rules (hmrc/individuals-disclosures-api, `CreateMarriageAllowanceValidator`; docs/hmrc-rules.md §5.4:
 * resources/public/api/conf/2.0/schemas/create_marriageAllowance_request.json): the claimant's NINO first and
 * alone; then the reading of the body; and only if that passed, the field rules, reported in HMRC's validation
 * order (unsorted, see `src/validation/disclosures.ts`). There is no tax year.
 */
import { hmrcError } from '../errors/hmrc-error';
import type { HmrcError } from '../errors/hmrc-error';
import { ninoCommand } from '../hmrc/endpoint';
import { combineErrors } from '../validation/combine';
import { DISCLOSURES_MESSAGES } from '../validation/disclosures';
import { isValidNino } from '../validation/identifiers';
import type { Parsed } from '../validation/json-body';
import { object, optional, readJsonBody, string } from '../validation/json-body';
import { checkNino } from '../validation/path-params';
import { checkDate, checkPattern } from '../validation/rules';
import type { Validated, ValidationSettings } from '../validation/types';

/** Surname and spouse NINO are mandatory: missing, they are `RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED` with paths. */
const requestBody = object({
  spouseOrCivilPartnerNino: string,
  spouseOrCivilPartnerFirstName: optional(string),
  spouseOrCivilPartnerSurname: string,
  spouseOrCivilPartnerDateOfBirth: optional(string),
});

/** The POST body, inferred from its spec. */
export type MarriageAllowanceRequestDto = Parsed<typeof requestBody>;

export const marriageAllowance = ninoCommand<MarriageAllowanceRequestDto>({
  api: 'disclosures',
  name: 'marriageAllowance',
  pathTemplate: '/individuals/disclosures/marriage-allowance/{nino}',
  method: 'POST',
  // HMRC's sandbox scenarios (docs/hmrc-rules.md §5.5).
  scenarios: ['DECEASED_RECIPIENT', 'CLAIM_ALREADY_EXISTS', 'INVALID_REQUEST'],
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
  const ninoErrors = checkNino(nino, DISCLOSURES_MESSAGES);
  if (ninoErrors.length > 0) return { ok: false, errors: ninoErrors };

  const read = readJsonBody(requestBody, body, { nonEmpty: true });
  if (!read.ok) return { ok: false, errors: [read.error] };

  const rules = marriageAllowanceRules(read.value);
  return rules.length > 0
    ? { ok: false, errors: combineErrors(rules, 'unsorted') }
    : { ok: true, value: read.value };
}
