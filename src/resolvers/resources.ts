/**
 * The resolvers of every registered HMRC resource (`src/resources/`), built from its definition: the read field
 * (HMRC's rules for that read, so an unsupported year fails this field alone; then one HMRC call per resource,
 * year and variant however often asked) and the create-or-amend and delete mutations (HMRC's rules for the write,
 * then the call, then the stale copies forgotten). A resource can only be validated by its own rules.
 */
import type { GatewayContext } from '../context';
import { authenticated, requestFacts } from '../context';
import type { ResourceDefinition } from '../resources';
import { RESOURCE_LIST } from '../resources';
import { withScope } from './identity/scope';
import type { TaxpayerYearParent } from './parents';
import { createAmendYear, deleteYear, throwIfInvalid } from './support';

type FieldResolver = (parent: unknown, args: Record<string, unknown>, context: GatewayContext) => unknown;
type ResolverMap = Record<string, Record<string, FieldResolver>>;

/** The read field of one resource on its parent (`TaxpayerYear` or `Reliefs`, both carrying NINO and year). */
export function readField<T>(definition: ResourceDefinition<T, unknown>): FieldResolver {
  return async (parent, args, context) => {
    const { nino, taxYear } = parent as TaxpayerYearParent;
    const variant = definition.readVariant?.(args) ?? { endpoint: definition.endpoint, query: {} };
    throwIfInvalid(definition.rules.retrieve(nino, taxYear, context.settings, variant.query));
    const found = await authenticated(context).loaders.year(variant.endpoint).load({ nino, taxYear });
    // Tagged with its key (and the read's variant, e.g. Winter Fuel Payment's `source`), from which the type's
    // cache `id` is derived (resolvers/identity): the same for every caller and replica.
    return (
      found &&
      withScope(found as object, [nino, taxYear, ...(variant.query.source ? [variant.query.source] : [])])
    );
  };
}

function writeFields<W>(definition: ResourceDefinition<unknown, W>): Record<string, FieldResolver> {
  const { endpoint, rules, graphql } = definition;
  return {
    [graphql.createOrAmend]: (_root, args, context) => {
      const key = { nino: args.nino as string, taxYear: args.taxYear as string };
      return createAmendYear(context, endpoint, key, args.input, (body) =>
        rules.createAmend(key.nino, key.taxYear, body, context.settings, requestFacts(context)),
      );
    },
    [graphql.delete]: (_root, args, context) => {
      const key = { nino: args.nino as string, taxYear: args.taxYear as string };
      return deleteYear(context, endpoint, key, rules.delete(key.nino, key.taxYear, context.settings));
    },
  };
}

/** `{ TaxpayerYear: {...}, Reliefs: {...}, Mutation: {...} }` for every registered resource. */
export function resourceResolvers(
  resources: ReadonlyArray<ResourceDefinition<unknown, unknown>> = RESOURCE_LIST,
): ResolverMap {
  const map: ResolverMap = { Mutation: {} };
  for (const definition of resources) {
    const { parent, field } = definition.graphql;
    map[parent] = { ...map[parent], [field]: readField(definition) };
    Object.assign(map.Mutation!, writeFields(definition));
  }
  return map;
}
