import type { ZodType } from 'zod';
import type { ApiId } from './apis';

/** The key of every NINO + tax year resource. */
export interface YearKey {
  readonly nino: string;
  readonly taxYear: string;
}

export type YearOperation = 'retrieve' | 'createAmend' | 'delete';

export interface YearResourceDefinition {
  readonly api: ApiId;
  /** Stable name: loader and cache key, simulator store key. */
  readonly name: string;
  /** HMRC's path, with `{nino}` and `{taxYear}` placeholders. */
  readonly pathTemplate: string;
  /** The earliest tax year HMRC's validator accepts (its runtime, which can be earlier than its docs say). */
  readonly minTaxYear: string;
  /** The write method HMRC uses for create-or-amend. */
  readonly writeMethod: 'PUT';
  /** `Gov-Test-Scenario` values HMRC's sandbox documents for each operation (besides the default). */
  readonly scenarios: Readonly<Record<YearOperation, readonly string[]>>;
  /** Whether HMRC's framework honours `Gov-Test-Scenario: REQUEST_CANNOT_BE_FULFILLED` (422) on this API. */
  readonly requestCannotBeFulfilled: boolean;
  /** A fixed query string of this read (a variant of a resource, e.g. Winter Fuel Payment `?source=user`). */
  readonly query?: Readonly<Record<string, string>>;
}

export interface YearResource<TRead, TWrite> extends YearResourceDefinition {
  /**
   * What a successful GET must look like (see `response-schemas.ts`). Checked before the answer is used or
   * cached; anything else is `HMRC_UNEXPECTED_RESPONSE`.
   */
  readonly responseSchema: ZodType<TRead>;
  path(key: YearKey): string;
  /**
   * Other reads of the same HMRC resource (the same path with another fixed query): a write to this resource
   * makes their cached copies stale too.
   */
  readonly variants?: readonly YearResource<TRead, never>[];
  /** Phantom types: what a GET returns and a PUT sends. */
  readonly __read?: TRead;
  readonly __write?: TWrite;
}

/** A write keyed by NINO alone, without a stored resource to read back (e.g. a marriage-allowance claim). */
export interface NinoCommand<TBody> {
  readonly api: ApiId;
  readonly name: string;
  /** HMRC's path, with a `{nino}` placeholder. */
  readonly pathTemplate: string;
  readonly method: 'POST';
  /** `Gov-Test-Scenario` values HMRC's sandbox documents (besides the default). */
  readonly scenarios: readonly string[];
  path(nino: string): string;
  readonly __body?: TBody;
}

export function ninoCommand<TBody>(
  definition: Omit<NinoCommand<TBody>, 'path' | '__body'>,
): NinoCommand<TBody> {
  return {
    ...definition,
    path: (nino) => definition.pathTemplate.replace('{nino}', encodeURIComponent(nino)),
  };
}

export function yearResource<TRead, TWrite>(
  definition: YearResourceDefinition & {
    readonly responseSchema: ZodType<TRead>;
    readonly variants?: readonly YearResource<TRead, never>[];
  },
): YearResource<TRead, TWrite> {
  return {
    ...definition,
    path: ({ nino, taxYear }) =>
      definition.pathTemplate
        .replace('{nino}', encodeURIComponent(nino))
        .replace('{taxYear}', encodeURIComponent(taxYear)),
  };
}
