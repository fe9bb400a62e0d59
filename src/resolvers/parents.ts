/** What each gateway-owned GraphQL type resolves from (codegen `mappers`). */
import type { SaAccountDto } from '../hmrc/sa-account';

export interface TaxpayerParent {
  readonly nino: string;
  readonly utr: string | null;
}

export interface TaxpayerYearParent extends TaxpayerParent {
  readonly taxYear: string;
}

export interface WriteResultParent {
  readonly correlationId: string | null;
  readonly taxpayerYear: TaxpayerYearParent;
}

export interface MarriageAllowanceResultParent {
  readonly correlationId: string | null;
  readonly nino: string;
}

export interface SaAccountParent {
  readonly utr: string;
  /** The window the field asked for. */
  readonly fromDate: string;
  readonly account: SaAccountDto;
}
