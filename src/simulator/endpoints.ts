/**
 * The simulator's endpoint table. Each entry is one HMRC method + path with the `Gov-Test-Scenario` values HMRC's
 * sandbox documents for it and a handler that runs after the checks every HMRC API makes (see `server.ts`).
 * Later APIs add entries here; the request pipeline does not change.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import type { ApiId } from '../hmrc/apis';
import { pensionCharges } from '../hmrc/charges';
import type { HttpMethod } from '../hmrc/client';
import type { YearResource } from '../hmrc/endpoint';
import type { Validated } from '../validation/charges';
import {
  isDef2TaxYear,
  validateCreateAmendPensionCharges,
  validateDeletePensionCharges,
  validateRetrievePensionCharges,
} from '../validation/charges';
import { PENSION_CHARGES_DEF1_EXAMPLE, PENSION_CHARGES_DEF2_EXAMPLE, demoPensionCharges } from './demo-data';
import { SimulatorStore } from './store';

export interface SimRequest {
  /** A hash of the caller's bearer token: state is kept apart per token. */
  readonly caller: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly scenario: string | undefined;
  readonly now: Date;
}

export interface SimResponse {
  readonly status: number;
  readonly body?: unknown;
}

export interface SimEndpoint {
  readonly method: HttpMethod;
  readonly api: ApiId;
  /** HMRC's path with `{name}` placeholders; `{nino}`, when present, is checked before anything else. */
  readonly pathTemplate: string;
  /** Accepted `Gov-Test-Scenario` values (besides none). Any other value is `RULE_INCORRECT_GOV_TEST_SCENARIO`. */
  readonly scenarios: readonly string[];
  /** HMRC's framework-level `REQUEST_CANNOT_BE_FULFILLED` (422) scenario, where the API enables it. */
  readonly requestCannotBeFulfilled: boolean;
  handle(req: SimRequest, store: SimulatorStore): SimResponse;
}

/** HMRC's error body: one error alone, several wrapped in `INVALID_REQUEST`. */
export function errorResponse(errors: readonly HmrcError[]): SimResponse {
  const toJson = (e: HmrcError) => ({
    code: e.code,
    message: e.message,
    ...(e.paths ? { paths: e.paths } : {}),
  });
  const [only, ...rest] = errors;
  if (only && rest.length === 0) return { status: only.status, body: toJson(only) };
  return {
    status: 400,
    body: { code: 'INVALID_REQUEST', message: 'Invalid request', errors: errors.map(toJson) },
  };
}

/** The canned answers of the named scenarios (the rest are behaviours: STATEFUL, DEFAULT). */
const CANNED: Readonly<Record<string, HmrcError>> = {
  NOT_FOUND: hmrcError('MATCHING_RESOURCE_NOT_FOUND'),
  OUTSIDE_AMENDMENT_WINDOW: hmrcError('RULE_OUTSIDE_AMENDMENT_WINDOW'),
};

type Behaviour = 'stateful' | 'static' | HmrcError;

/**
 * No header behaves like HMRC's `STATEFUL` scenario, which is what developers exercise a gateway with (write,
 * then read it back). `DEFAULT` gives HMRC's static default instead: the documented example, nothing stored.
 */
function behaviour(scenario: string | undefined, accepted: readonly string[]): Behaviour {
  if (scenario === undefined || scenario === 'STATEFUL') return 'stateful';
  if (scenario === 'DEFAULT') return 'static';
  if (!accepted.includes(scenario)) return hmrcError('RULE_INCORRECT_GOV_TEST_SCENARIO');
  return CANNED[scenario] ?? 'stateful';
}

interface YearResourceSimulation<TRead, TWrite> {
  readonly resource: YearResource<TRead, TWrite>;
  readonly validateRetrieve: (nino: string, taxYear: string) => HmrcError[];
  readonly validateCreateAmend: (nino: string, taxYear: string, body: unknown) => Validated<TWrite>;
  readonly validateDelete: (nino: string, taxYear: string) => HmrcError[];
  /** What HMRC's sandbox returns by default (its documented example). */
  readonly example: (taxYear: string) => TRead;
  /** What the demo taxpayer holds before anyone writes. */
  readonly demo: (nino: string, taxYear: string) => TRead | undefined;
  /** The stored form of a written body (HMRC adds `submittedOn`). */
  readonly stored: (body: TWrite, now: Date) => TRead;
}

/** GET, PUT and DELETE of one NINO + tax year resource, with HMRC's sandbox semantics. */
export function yearResourceEndpoints<TRead, TWrite>(
  sim: YearResourceSimulation<TRead, TWrite>,
): SimEndpoint[] {
  const { resource } = sim;
  const keyOf = (req: SimRequest) =>
    SimulatorStore.key(req.caller, resource.name, req.params.nino ?? '', req.params.taxYear ?? '');
  const common = {
    api: resource.api,
    pathTemplate: resource.pathTemplate,
    requestCannotBeFulfilled: resource.requestCannotBeFulfilled,
  };
  const current = (req: SimRequest, store: SimulatorStore): TRead | undefined => {
    const stored = store.get(keyOf(req));
    if (stored === null) return undefined;
    return (stored as TRead | undefined) ?? sim.demo(req.params.nino ?? '', req.params.taxYear ?? '');
  };

  return [
    {
      ...common,
      method: 'GET',
      scenarios: resource.scenarios.retrieve,
      handle(req, store) {
        const { nino = '', taxYear = '' } = req.params;
        const invalid = sim.validateRetrieve(nino, taxYear);
        if (invalid.length > 0) return errorResponse(invalid);
        const mode = behaviour(req.scenario, this.scenarios);
        if (mode === 'static') return { status: 200, body: sim.example(taxYear) };
        if (mode !== 'stateful') return errorResponse([mode]);
        const data = current(req, store);
        return data === undefined
          ? errorResponse([hmrcError('MATCHING_RESOURCE_NOT_FOUND')])
          : { status: 200, body: data };
      },
    },
    {
      ...common,
      method: resource.writeMethod,
      scenarios: resource.scenarios.createAmend,
      handle(req, store) {
        const { nino = '', taxYear = '' } = req.params;
        const result = sim.validateCreateAmend(nino, taxYear, req.body);
        if (!result.ok) return errorResponse(result.errors);
        const mode = behaviour(req.scenario, this.scenarios);
        if (mode === 'static') return { status: 204 };
        if (mode !== 'stateful') return errorResponse([mode]);
        store.set(keyOf(req), sim.stored(result.value, req.now));
        return { status: 204 };
      },
    },
    {
      ...common,
      method: 'DELETE',
      scenarios: resource.scenarios.delete,
      handle(req, store) {
        const { nino = '', taxYear = '' } = req.params;
        const invalid = sim.validateDelete(nino, taxYear);
        if (invalid.length > 0) return errorResponse(invalid);
        const mode = behaviour(req.scenario, this.scenarios);
        if (mode === 'static') return { status: 204 };
        if (mode !== 'stateful') return errorResponse([mode]);
        if (current(req, store) === undefined)
          return errorResponse([hmrcError('MATCHING_RESOURCE_NOT_FOUND')]);
        store.markDeleted(keyOf(req));
        return { status: 204 };
      },
    },
  ];
}

/** Every endpoint the simulator serves. */
export function simulatedEndpoints(): SimEndpoint[] {
  return [
    ...yearResourceEndpoints({
      resource: pensionCharges,
      validateRetrieve: validateRetrievePensionCharges,
      validateCreateAmend: validateCreateAmendPensionCharges,
      validateDelete: validateDeletePensionCharges,
      example: (taxYear) =>
        isDef2TaxYear(taxYear) ? PENSION_CHARGES_DEF2_EXAMPLE : PENSION_CHARGES_DEF1_EXAMPLE,
      demo: demoPensionCharges,
      stored: (body, now) => ({ submittedOn: now.toISOString(), ...body }),
    }),
  ];
}
