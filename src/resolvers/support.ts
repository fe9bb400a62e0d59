/** Small helpers every domain's resolvers share: turning validation results into errors, and write plumbing. */
import type { GatewayContext } from '../context';
import { authenticated } from '../context';
import type { HmrcError } from '../errors/hmrc-error';
import { GatewayError } from '../errors/hmrc-error';
import type { YearKey, YearResource } from '../hmrc/endpoint';
import type { WriteReceipt } from '../hmrc/session';
import type { WriteResultParent } from './parents';

/** Validation returns data; this is the edge where a non-empty list becomes a thrown, field-level error. */
export function throwIfInvalid(errors: readonly HmrcError[]): void {
  if (errors.length > 0) throw new GatewayError(errors, 'GATEWAY');
}

/** GraphQL input as HMRC JSON: input objects have a null prototype and carry explicit `null`s for unset fields. */
export function toHmrcJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toHmrcJson);
  if (typeof value === 'object' && value !== null) {
    const json: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value)) {
      if (field !== null && field !== undefined) json[name] = toHmrcJson(field);
    }
    return json;
  }
  return value;
}

type Validation<W> = { ok: true; value: W } | { ok: false; errors: HmrcError[] };

function receiptToResult(receipt: WriteReceipt, key: YearKey): WriteResultParent {
  return {
    correlationId: receipt.correlationId ?? null,
    taxpayerYear: { nino: key.nino, taxYear: key.taxYear, utr: null },
  };
}

/** Validate locally, PUT, then forget this request's copy so the result's `taxpayerYear` reads fresh data. */
export async function createAmendYear<W>(
  context: GatewayContext,
  resource: YearResource<unknown, W>,
  key: YearKey,
  input: unknown,
  validate: (body: unknown) => Validation<W>,
): Promise<WriteResultParent> {
  const result = validate(toHmrcJson(input));
  if (!result.ok) throw new GatewayError(result.errors, 'GATEWAY');
  const { hmrc, loaders } = authenticated(context);
  const receipt = await hmrc.createAmend(resource, key, result.value);
  loaders.afterWrite(resource, key);
  return receiptToResult(receipt, key);
}

export async function deleteYear(
  context: GatewayContext,
  resource: YearResource<unknown, unknown>,
  key: YearKey,
  errors: readonly HmrcError[],
): Promise<WriteResultParent> {
  throwIfInvalid(errors);
  const { hmrc, loaders } = authenticated(context);
  const receipt = await hmrc.delete(resource, key);
  loaders.afterWrite(resource, key);
  return receiptToResult(receipt, key);
}
