/** Small helpers every domain's resolvers share: turning validation results into errors, and write plumbing. */
import type { GatewayContext } from '../context';
import { authenticated } from '../context';
import type { HmrcError } from '../errors/hmrc-error';
import { GatewayError } from '../errors/hmrc-error';
import type { NinoCommand, YearKey, YearResource } from '../hmrc/endpoint';
import type { WriteReceipt } from '../hmrc/session';
import type { Loaders } from '../loaders';
import type { ValidationSettings } from '../validation/types';
import { withScope } from './identity/scope';
import type { MarriageAllowanceResultParent, TaxpayerYearParent, WriteResultParent } from './parents';

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

type PathValidator = (nino: string, taxYear: string, settings: ValidationSettings) => HmrcError[];
type BodyValidator<W> = (
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
) => Validation<W>;

/**
 * The resolver of a NINO + tax year resource field: HMRC's path rules for that endpoint (so an unsupported year
 * fails this field alone), then the request's loader (one HMRC call per resource and year, however often asked).
 */
export function readYear<T>(resource: YearResource<T, unknown>, validate: PathValidator) {
  return async (
    { nino, taxYear }: TaxpayerYearParent,
    _args: unknown,
    context: GatewayContext,
  ): Promise<T | null> => {
    throwIfInvalid(validate(nino, taxYear, context.settings));
    const found = await authenticated(context).loaders.year(resource).load({ nino, taxYear });
    // Tagged with its key, from which the type's cache `id` is derived (resolvers/identity).
    return found && withScope(found, [nino, taxYear]);
  };
}

/** The create-or-amend and delete mutations of a NINO + tax year resource. */
export function yearWrites<W>(
  resource: YearResource<unknown, W>,
  validateWrite: BodyValidator<W>,
  validateDelete: PathValidator,
) {
  return {
    createOrAmend: (
      _root: unknown,
      args: { nino: string; taxYear: string; input: unknown },
      context: GatewayContext,
    ) =>
      createAmendYear(context, resource, { nino: args.nino, taxYear: args.taxYear }, args.input, (body) =>
        validateWrite(args.nino, args.taxYear, body, context.settings),
      ),
    delete: (_root: unknown, args: { nino: string; taxYear: string }, context: GatewayContext) =>
      deleteYear(
        context,
        resource,
        { nino: args.nino, taxYear: args.taxYear },
        validateDelete(args.nino, args.taxYear, context.settings),
      ),
  };
}

/** A NINO-keyed POST: validate locally, send, report HMRC's correlation id. */
export async function sendCommand<B>(
  context: GatewayContext,
  command: NinoCommand<B>,
  nino: string,
  input: unknown,
  validate: (body: unknown) => Validation<B>,
): Promise<MarriageAllowanceResultParent> {
  const result = validate(toHmrcJson(input));
  if (!result.ok) throw new GatewayError(result.errors, 'GATEWAY');
  const receipt = await authenticated(context).hmrc.command(command, nino, result.value);
  return { correlationId: receipt.correlationId ?? null, nino };
}

/**
 * HMRC refused the write outright (a 4xx from HMRC, its code saying why): nothing changed. Any other failure — a
 * timeout, a 5xx, a connection dropped on the way back — leaves the outcome unknown: HMRC may have applied it.
 */
function definitelyNotApplied(error: unknown): boolean {
  return (
    error instanceof GatewayError && error.origin === 'HMRC' && error.status >= 400 && error.status < 500
  );
}

/** Runs a write, then forgets the copies it made stale — also when its outcome is unknown. */
async function afterWriteAttempt(
  loaders: Loaders,
  resource: YearResource<unknown, unknown>,
  key: YearKey,
  write: () => Promise<WriteReceipt>,
): Promise<WriteResultParent> {
  let receipt: WriteReceipt;
  try {
    receipt = await write();
  } catch (error) {
    if (!definitelyNotApplied(error)) await loaders.afterWrite(resource, key);
    throw error;
  }
  await loaders.afterWrite(resource, key);
  return receiptToResult(receipt, key);
}

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
  return afterWriteAttempt(loaders, resource, key, () => hmrc.createAmend(resource, key, result.value));
}

export async function deleteYear(
  context: GatewayContext,
  resource: YearResource<unknown, unknown>,
  key: YearKey,
  errors: readonly HmrcError[],
): Promise<WriteResultParent> {
  throwIfInvalid(errors);
  const { hmrc, loaders } = authenticated(context);
  return afterWriteAttempt(loaders, resource, key, () => hmrc.delete(resource, key));
}
