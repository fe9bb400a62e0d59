/**
 * Individuals Disclosures API (v2.0): disclosures (NINO + tax year) and the marriage-allowance claim (NINO only).
 */
import { ninoCommand, yearResource } from './endpoint';
import { disclosuresResponse } from './response-schemas';

export interface TaxAvoidanceDto {
  srn: string;
  taxYear: string;
}
export interface Class2NicsDto {
  class2VoluntaryContributions?: boolean;
}
export interface DisclosuresRequestDto {
  taxAvoidance?: TaxAvoidanceDto[];
  class2Nics?: Class2NicsDto;
}
export interface DisclosuresDto extends DisclosuresRequestDto {
  submittedOn: string;
}

export interface MarriageAllowanceRequestDto {
  spouseOrCivilPartnerNino: string;
  spouseOrCivilPartnerFirstName?: string;
  spouseOrCivilPartnerSurname: string;
  spouseOrCivilPartnerDateOfBirth?: string;
}

/**
 * HMRC's minimum is environment configuration: its repository defaults to 2019-20 (what the sandbox accepts) and
 * its docs give 2021-22 for production. The gateway takes it from configuration (see `config.ts`).
 */
export const DISCLOSURES_MIN_TAX_YEAR = { sandbox: '2019-20', production: '2021-22' } as const;

export const disclosures = yearResource<DisclosuresDto, DisclosuresRequestDto>({
  api: 'disclosures',
  name: 'disclosures',
  responseSchema: disclosuresResponse,
  pathTemplate: '/individuals/disclosures/{nino}/{taxYear}',
  minTaxYear: DISCLOSURES_MIN_TAX_YEAR.sandbox,
  writeMethod: 'PUT',
  scenarios: {
    retrieve: ['NOT_FOUND', 'STATEFUL', 'DYNAMIC'],
    createAmend: ['VOLUNTARY_CLASS2_CANNOT_BE_CHANGED', 'NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
    delete: ['NOT_FOUND', 'OUTSIDE_AMENDMENT_WINDOW', 'STATEFUL'],
  },
  requestCannotBeFulfilled: false,
});

export const marriageAllowance = ninoCommand<MarriageAllowanceRequestDto>({
  api: 'disclosures',
  name: 'marriageAllowance',
  pathTemplate: '/individuals/disclosures/marriage-allowance/{nino}',
  method: 'POST',
  scenarios: ['DECEASED_RECIPIENT', 'CLAIM_ALREADY_EXISTS', 'INVALID_REQUEST'],
});
