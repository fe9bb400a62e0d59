/**
 * What one HMRC resource is, declared once in its own file under `src/resources/`: its endpoint (API, path,
 * methods, tax-year limits, sandbox scenarios), its request body spec (the request type inferred from it) and its
 * response schema (the response type inferred from it, or the request type plus what HMRC adds, checked against
 * it), HMRC's rules for each operation in HMRC's order, its GraphQL names, what the simulator does with it (HMRC's examples, the demo taxpayer's data,
 * scenario errors), and whether the yearly summary names it. Only pure rule helpers shared by several resources
 * live elsewhere (`src/validation/`). The registry (`index.ts`) lists every resource; the read and write
 * resolvers, the simulator's endpoint table, the call budget's estimate, the yearly summary and the schema-docs
 * test all read it, so a resource is only ever validated by its own rules.
 */
import type { HmrcError } from '../errors/hmrc-error';
import type { YearResource } from '../hmrc/endpoint';
import { DEMO_NINO } from '../simulator/demo-data';
import type { RequestFacts, Validated, ValidationSettings } from '../validation/types';

/** HMRC's query parameters of a read, as the caller gave them (Winter Fuel Payment's `source`). */
export interface ReadQuery {
  readonly source?: string | undefined;
}

export type PathRules = (nino: string, taxYear: string, settings: ValidationSettings) => HmrcError[];
export type ReadRules = (
  nino: string,
  taxYear: string,
  settings: ValidationSettings,
  query: ReadQuery,
) => HmrcError[];
export type WriteRules<W> = (
  nino: string,
  taxYear: string,
  body: unknown,
  settings: ValidationSettings,
  facts: RequestFacts,
) => Validated<W>;

/** HMRC's rules for each operation, run before HMRC is called (and by the simulator, as HMRC's sandbox). */
export interface ResourceRules<W> {
  readonly retrieve: ReadRules;
  readonly createAmend: WriteRules<W>;
  readonly delete: PathRules;
}

/** What the simulator does with the resource beyond HMRC's common sandbox behaviour. */
export interface Simulation<TRead, TWrite> {
  /** HMRC's documented example: what the sandbox answers with `Gov-Test-Scenario: DEFAULT`. */
  example(taxYear: string, query: URLSearchParams): TRead;
  /** What the demo taxpayer holds before anyone writes. */
  demo(nino: string, taxYear: string): TRead | undefined;
  /** The stored form of a written body (HMRC adds `submittedOn` where the resource has one). */
  stored(body: TWrite, now: Date): TRead;
  /** HMRC's `DYNAMIC` scenario, where the endpoint has one: an answer built from the request. */
  dynamic?(taxYear: string, now: Date): TRead;
  /**
   * What a GET answers from what is held, for a resource read through a query (Winter Fuel Payment's `source`):
   * `held` is the stored or demo answer, `demo` the demo taxpayer's HMRC-held one.
   */
  view?(held: TRead | undefined, query: URLSearchParams, demo: TRead | undefined): TRead | undefined;
  /** This resource's scenarios that answer with a fixed HMRC error (besides NOT_FOUND, OUTSIDE_AMENDMENT_WINDOW). */
  readonly scenarioErrors?: Readonly<Record<string, HmrcError>>;
  /** Checks HMRC's backend makes on a write, which the sandbox's STATEFUL scenario repeats. */
  storedWriteRules?(body: TWrite): HmrcError[];
  /** This API's wording of FORMAT_NINO, when it differs from the catalogue's (disclosures). */
  readonly formatNinoMessage?: string;
}

/** The resource's place in the graph: the read field, the two mutations, and the read's variants. */
export interface GraphQLNames {
  /** The object type the read field is on. */
  readonly parent: 'TaxpayerYear' | 'Reliefs';
  readonly field: string;
  readonly createOrAmend: string;
  readonly delete: string;
}

/** One read of the resource: the endpoint variant to call and HMRC's query parameters for the rules. */
export interface ReadVariant<TRead> {
  readonly endpoint: YearResource<TRead, unknown>;
  readonly query: ReadQuery;
}

export interface ResourceDefinition<TRead, TWrite> {
  readonly endpoint: YearResource<TRead, TWrite>;
  readonly rules: ResourceRules<TWrite>;
  readonly graphql: GraphQLNames;
  /** The read field's arguments as an HMRC read (default: the endpoint, no query). */
  readVariant?(args: Readonly<Record<string, unknown>>): ReadVariant<TRead>;
  readonly simulation: Simulation<TRead, TWrite>;
  /** The yearly summary's `SummarySource` naming this resource in `noData`, if it is one of the summary's. */
  readonly summarySource?: string;
}

/** Declares a resource (an identity function that keeps the read and write types tied together). */
export function defineResource<TRead, TWrite>(
  definition: ResourceDefinition<TRead, TWrite>,
): ResourceDefinition<TRead, TWrite> {
  return definition;
}

/** Demo data held by the demo taxpayer only, per tax year. */
export function demoFor<T>(
  byYear: Readonly<Record<string, T>>,
): (nino: string, taxYear: string) => T | undefined {
  return (nino, taxYear) => (nino === DEMO_NINO ? byYear[taxYear] : undefined);
}

/** HMRC's stored form of a written body where the resource has a `submittedOn`. */
export function withSubmittedOn<W extends object>(body: W, now: Date): W & { submittedOn: string } {
  return { submittedOn: now.toISOString(), ...body };
}
