/**
 * How many calls to HMRC a GraphQL operation will make, read from its shape before anything runs: the distinct
 * resource keys it needs — (resource, NINO, tax year) for the per-year resources, one Self Assessment account per
 * UTR — with aliases, fragments, `@skip`/`@include`, argument values and variables all taken into account, and the
 * same path rules the resolvers apply (a year a resource does not offer makes no call). Identical keys are counted
 * once, as the request's loaders ask HMRC once for each.
 *
 * Used by `callBudgetPlugin` to refuse a request that would spend more than HMRC_MAX_CALLS_PER_REQUEST before any
 * call is made (one 56 KB query of aliases made 9,400 calls before this). It is an upper bound of what the
 * resolvers will do, not an exact count: where a value cannot be read here the field is left to the session's
 * own counter, which stops the request's calls at the same limit as they are made.
 */
import type {
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  OperationTypeNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isObjectType,
} from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import type { ResourceDefinition } from '../resources';
import { RESOURCES, RESOURCE_LIST } from '../resources';
import { taxYearsBetween } from '../validation/identifiers';
import { MAX_TAX_YEARS, validateTaxYearRange } from '../validation/sa-account';
import type { ValidationSettings } from '../validation/types';

type YearSource = ResourceDefinition<unknown, unknown>;

/** Each resource by the field that reads it (`TaxpayerYear.pensionCharges`, `Reliefs.investments` …). */
const BY_FIELD: ReadonlyMap<string, YearSource> = new Map(
  RESOURCE_LIST.map((definition) => [`${definition.graphql.parent}.${definition.graphql.field}`, definition]),
);
/** The resources the yearly summary names in `noData` (it reads them all for it). */
const SUMMARY_SOURCES: readonly YearSource[] = RESOURCE_LIST.filter((d) => d.summarySource !== undefined);
const RELIEFS: readonly YearSource[] = RESOURCE_LIST.filter((d) => d.graphql.parent === 'Reliefs');

/**
 * The largest legitimate request: every per-year resource for each of the 7 tax years a query may span, and the
 * one Self Assessment account call.
 */
export const DEFAULT_MAX_CALLS_PER_REQUEST = MAX_TAX_YEARS * RESOURCE_LIST.length + 1;

interface Scope {
  /** Keeps the reads after each mutation apart: a write makes its resource be fetched again. */
  readonly prefix: string;
  readonly nino?: string | undefined;
  readonly utr?: string | null | undefined;
  readonly taxYear?: string | undefined;
}

export interface Estimate {
  /** Distinct calls the operation needs, as far as its shape tells. */
  readonly calls: number;
}

export function estimateCalls(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Readonly<Record<string, unknown>>,
  settings: ValidationSettings,
): Estimate {
  const keys = new Set<string>();
  let writes = 0;

  const included = (node: { directives?: readonly unknown[] | undefined }): boolean => {
    const withDirectives = node as Parameters<typeof getDirectiveValues>[1];
    if (!withDirectives.directives?.length) return true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, withDirectives, variables)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, withDirectives, variables)?.if !== false;
    } catch {
      return true;
    }
  };

  const argumentsOf = (
    field: GraphQLField<unknown, unknown>,
    node: Parameters<typeof getArgumentValues>[1],
  ): Record<string, unknown> | undefined => {
    try {
      return getArgumentValues(field, node, variables);
    } catch {
      return undefined;
    }
  };

  /** The call a read of `definition` makes (with the read field's arguments, for a variant), if its path passes. */
  const year = (scope: Scope, definition: YearSource, args: Readonly<Record<string, unknown>> = {}) => {
    const { nino, taxYear } = scope;
    if (typeof nino !== 'string' || typeof taxYear !== 'string') return;
    const { endpoint, query } = definition.readVariant?.(args) ?? {
      endpoint: definition.endpoint,
      query: {},
    };
    if (definition.rules.retrieve(nino, taxYear, settings, query).length > 0) return;
    keys.add(`${scope.prefix}|${endpoint.name}|${nino}|${taxYear}`);
  };
  const saAccount = (scope: Scope) => {
    if (typeof scope.utr === 'string') keys.add(`${scope.prefix}|saAccount|${scope.utr}`);
  };

  /** Visits every field selected on `type` (through fragments), with its arguments and sub-selection. */
  const visit = (
    selectionSet: SelectionSetNode | undefined,
    type: GraphQLObjectType,
    scope: Scope,
    seen: ReadonlySet<string> = new Set(),
  ): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, type, scope, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (fragment && !seen.has(name)) visit(fragment.selectionSet, type, scope, new Set([...seen, name]));
        continue;
      }
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const child = getNamedType(field.type);
      const next = (childScope: Scope) => {
        if (isObjectType(child)) visit(selection.selectionSet, child, childScope);
      };
      const args = () => argumentsOf(field, selection) ?? {};
      const name = `${type.name}.${field.name}`;
      switch (name) {
        case 'Query.taxpayer': {
          const { nino, utr } = args() as { nino?: string; utr?: string | null };
          next({ ...scope, nino, utr });
          break;
        }
        case 'Taxpayer.taxYear':
          next({ ...scope, taxYear: (args() as { taxYear?: string }).taxYear });
          break;
        case 'Taxpayer.taxYears': {
          const { from, to } = args() as { from?: string; to?: string };
          if (typeof from !== 'string' || typeof to !== 'string') break;
          if (validateTaxYearRange(from, to).length > 0) break;
          for (const taxYear of taxYearsBetween(from, to)) next({ ...scope, taxYear });
          break;
        }
        case 'Taxpayer.selfAssessmentAccount':
        case 'TaxpayerYear.selfAssessment':
        case 'YearlySummary.selfAssessment':
          saAccount(scope);
          break;
        case 'YearlySummary.pensionCharges':
          year(scope, RESOURCES.pensionCharges);
          break;
        case 'YearlySummary.highIncomeChildBenefitCharge':
          year(scope, RESOURCES.highIncomeChildBenefitCharge);
          break;
        case 'YearlySummary.disclosuresPresent':
          year(scope, RESOURCES.disclosures);
          break;
        case 'YearlySummary.reliefs':
          for (const source of RELIEFS) year(scope, source);
          break;
        case 'YearlySummary.noData':
          for (const source of SUMMARY_SOURCES) year(scope, source);
          saAccount(scope);
          break;
        case 'TaxpayerYear.reliefs':
        case 'TaxpayerYear.summary':
        case 'TaxpayerYearWriteResult.taxpayerYear':
          next(scope);
          break;
        default:
          if (BY_FIELD.has(name)) {
            year(scope, BY_FIELD.get(name)!, args());
          } else if (type.name === 'Mutation') {
            // One write each; what its result reads is fetched after the write, so counted apart.
            writes++;
            const { nino, taxYear } = args() as { nino?: string; taxYear?: string };
            next({ prefix: `m${writes}`, nino, taxYear, utr: null });
          }
      }
    }
  };

  const root =
    operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getQueryType();
  if (root && operation.operation !== OperationTypeNode.SUBSCRIPTION)
    visit(operation.selectionSet, root, { prefix: 'q' });
  return { calls: keys.size + writes };
}
