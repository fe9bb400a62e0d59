/**
 * The simulator's endpoint table. Each entry is one HMRC method + path with the `Gov-Test-Scenario` values HMRC's
 * sandbox documents for it and a handler that runs after the checks every HMRC API makes (see `server.ts`).
 * Later APIs add entries here; the request pipeline does not change.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import type { ApiId } from '../hmrc/apis';
import { DEFAULT_API_VERSIONS } from '../hmrc/apis';
import type { HttpMethod } from '../hmrc/client';
import { DISCLOSURES_MIN_TAX_YEAR } from '../hmrc/disclosures';
import type { NinoCommand } from '../hmrc/endpoint';
import type { SaAccountDto } from '../hmrc/sa-account';
import { SA_SANDBOX_FAILING_UTR, saAccountBreakdown } from '../hmrc/sa-account';
import { fromWindow } from '../derive/sa-account';
import { utcDate } from '../util/clock';
import type { ReadQuery, ResourceDefinition } from '../resources';
import { RESOURCE_LIST } from '../resources';
import { marriageAllowance, validateCreateMarriageAllowance } from '../resources/marriage-allowance';
import { DISCLOSURES_MESSAGES } from '../validation/disclosures';
import { isValidUtr, parseIsoDate } from '../validation/identifiers';
import { saWindow } from '../validation/sa-account';
import type { RequestFacts, Validated, ValidationSettings } from '../validation/types';
import { DEMO_UTR, demoSaAccount } from './sa-demo';
import { SimulatorStore } from './store';

export interface SimRequest {
  /** A hash of the caller's bearer token: state is kept apart per token. */
  readonly caller: string;
  /** The API version the caller's `Accept` header asked for. */
  readonly version: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly scenario: string | undefined;
  readonly now: Date;
  /** The request carried `suspend-temporal-validations: true` (HMRC's sandbox switch). */
  readonly suspendTemporalValidations?: boolean;
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
  /** This API's wording of FORMAT_NINO, when it differs from the catalogue's (disclosures). */
  readonly formatNinoMessage?: string;
  handle(req: SimRequest, store: SimulatorStore): SimResponse;
}

/** HMRC's rules as the sandbox applies them: the version asked for, the sandbox's minimum years. */
function settingsFor(api: ApiId, req: SimRequest): ValidationSettings {
  return {
    versions: { ...DEFAULT_API_VERSIONS, [api]: req.version },
    disclosuresMinTaxYear: DISCLOSURES_MIN_TAX_YEAR.sandbox,
  };
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

/** The canned answers of the named scenarios (the rest are behaviours: STATEFUL, DEFAULT, DYNAMIC). */
const CANNED: Readonly<Record<string, HmrcError>> = {
  NOT_FOUND: hmrcError('MATCHING_RESOURCE_NOT_FOUND'),
  OUTSIDE_AMENDMENT_WINDOW: hmrcError('RULE_OUTSIDE_AMENDMENT_WINDOW'),
  SUBMISSION_FAILED: hmrcError('RULE_SUBMISSION_FAILED'),
  VOLUNTARY_CLASS2_CANNOT_BE_CHANGED: hmrcError('RULE_VOLUNTARY_CLASS2_CANNOT_BE_CHANGED'),
  DECEASED_RECIPIENT: hmrcError('RULE_DECEASED_RECIPIENT'),
  CLAIM_ALREADY_EXISTS: hmrcError('RULE_ACTIVE_MARRIAGE_ALLOWANCE_CLAIM'),
  // Marriage allowance's INVALID_REQUEST scenario: HMRC could not match the spouse's details.
  INVALID_REQUEST: hmrcError('RULE_INVALID_REQUEST'),
};

type Behaviour = 'stateful' | 'static' | 'dynamic' | HmrcError;

/**
 * No header behaves like HMRC's `STATEFUL` scenario, which is what developers exercise a gateway with (write,
 * then read it back). `DEFAULT` gives HMRC's static default instead: the documented example, nothing stored.
 */
function behaviour(scenario: string | undefined, accepted: readonly string[]): Behaviour {
  if (scenario === undefined || scenario === 'STATEFUL') return 'stateful';
  if (scenario === 'DEFAULT') return 'static';
  if (!accepted.includes(scenario)) return hmrcError('RULE_INCORRECT_GOV_TEST_SCENARIO');
  if (scenario === 'DYNAMIC') return 'dynamic';
  return CANNED[scenario] ?? 'stateful';
}

/** The request facts HMRC's temporal rules read, as the sandbox sees them. */
function factsFor(req: SimRequest): RequestFacts {
  return { today: utcDate(req.now), suspendTemporalValidations: req.suspendTemporalValidations === true };
}

/** HMRC's query parameters of a read. */
function readQuery(req: SimRequest): ReadQuery {
  const source = req.query.get('source');
  return source === null ? {} : { source };
}

/** GET, PUT and DELETE of one registered NINO + tax year resource, with HMRC's sandbox semantics. */
export function yearResourceEndpoints<TRead, TWrite>(
  definition: ResourceDefinition<TRead, TWrite>,
): SimEndpoint[] {
  const { endpoint: resource, rules, simulation: sim } = definition;
  const keyOf = (req: SimRequest) =>
    SimulatorStore.key(req.caller, resource.name, req.params.nino ?? '', req.params.taxYear ?? '');
  const common = {
    api: resource.api,
    pathTemplate: resource.pathTemplate,
    requestCannotBeFulfilled: resource.requestCannotBeFulfilled,
    ...(sim.formatNinoMessage ? { formatNinoMessage: sim.formatNinoMessage } : {}),
  };
  const current = (req: SimRequest, store: SimulatorStore): TRead | undefined => {
    const stored = store.get(keyOf(req));
    if (stored === null) return undefined;
    return (stored as TRead | undefined) ?? sim.demo(req.params.nino ?? '', req.params.taxYear ?? '');
  };
  const modeOf = (req: SimRequest, accepted: readonly string[]) => {
    const mode = behaviour(req.scenario, accepted);
    return typeof mode === 'string' && req.scenario && sim.scenarioErrors?.[req.scenario]
      ? sim.scenarioErrors[req.scenario]!
      : mode;
  };

  return [
    {
      ...common,
      method: 'GET',
      scenarios: resource.scenarios.retrieve,
      handle(req, store) {
        const { nino = '', taxYear = '' } = req.params;
        const invalid = rules.retrieve(nino, taxYear, settingsFor(resource.api, req), readQuery(req));
        if (invalid.length > 0) return errorResponse(invalid);
        const mode = modeOf(req, this.scenarios);
        if (mode === 'static') return { status: 200, body: sim.example(taxYear, req.query) };
        if (mode === 'dynamic')
          return {
            status: 200,
            body: sim.dynamic ? sim.dynamic(taxYear, req.now) : sim.example(taxYear, req.query),
          };
        if (mode !== 'stateful') return errorResponse([mode]);
        const held = current(req, store);
        const data = sim.view ? sim.view(held, req.query, sim.demo(nino, taxYear)) : held;
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
        const result = rules.createAmend(
          nino,
          taxYear,
          req.body,
          settingsFor(resource.api, req),
          factsFor(req),
        );
        if (!result.ok) return errorResponse(result.errors);
        const mode = modeOf(req, this.scenarios);
        if (mode === 'static' || mode === 'dynamic') return { status: 204 };
        if (mode !== 'stateful') return errorResponse([mode]);
        const refused = sim.storedWriteRules?.(result.value) ?? [];
        if (refused.length > 0) return errorResponse(refused);
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
        const invalid = rules.delete(nino, taxYear, settingsFor(resource.api, req));
        if (invalid.length > 0) return errorResponse(invalid);
        const mode = modeOf(req, this.scenarios);
        if (mode === 'static' || mode === 'dynamic') return { status: 204 };
        if (mode !== 'stateful') return errorResponse([mode]);
        if (current(req, store) === undefined)
          return errorResponse([hmrcError('MATCHING_RESOURCE_NOT_FOUND')]);
        store.markDeleted(keyOf(req));
        return { status: 204 };
      },
    },
  ];
}

/** A NINO-keyed POST (HMRC answers 201 with no body); scenario-driven, nothing stored. */
export function commandEndpoint<B>(
  command: NinoCommand<B>,
  validate: (nino: string, body: unknown, settings: ValidationSettings) => Validated<B>,
  formatNinoMessage?: string,
): SimEndpoint {
  return {
    method: command.method,
    api: command.api,
    pathTemplate: command.pathTemplate,
    scenarios: command.scenarios,
    requestCannotBeFulfilled: false,
    ...(formatNinoMessage ? { formatNinoMessage } : {}),
    handle(req) {
      const result = validate(req.params.nino ?? '', req.body, settingsFor(command.api, req));
      if (!result.ok) return errorResponse(result.errors);
      const mode = behaviour(req.scenario, this.scenarios);
      return mode === 'stateful' || mode === 'static' || mode === 'dynamic'
        ? { status: 201 }
        : errorResponse([mode]);
    },
  };
}

/** An account by UTR, built for "today" (so the demo account's charge statuses stay realistic). */
export type SaAccountFixtures = Readonly<Record<string, (today: string) => SaAccountDto>>;

// The View Self Assessment Account API answers errors with `{"message"}` only, in these words (its runtime's).
const SA_MESSAGES = {
  400: 'Invalid request format or parameters.',
  404: 'No data found for the UTR provided.',
  500: 'Unexpected internal error. Please contact service desk.',
} as const;

const saError = (status: keyof typeof SA_MESSAGES): SimResponse => ({
  status,
  body: { message: SA_MESSAGES[status] },
});

/**
 * GET /individuals/self-assessment/breakdown/{utr}?fromDate — HMRC's runtime checks: UTR ten digits; fromDate a
 * real ISO date, not after today and not before the 6+1-year window (all 400); UTR 1100000500 answers 500 as in
 * HMRC's sandbox; an unknown UTR 404. The account is filtered to the window asked for. HMRC documents no
 * Gov-Test-Scenario for this API, so none is interpreted.
 */
export function saAccountEndpoint(accounts: SaAccountFixtures): SimEndpoint {
  return {
    method: 'GET',
    api: saAccountBreakdown.api,
    pathTemplate: saAccountBreakdown.pathTemplate,
    scenarios: [],
    requestCannotBeFulfilled: false,
    handle(req) {
      const utr = req.params.utr ?? '';
      if (!isValidUtr(utr)) return saError(400);
      const window = saWindow(utcDate(req.now));
      const asked = req.query.get('fromDate');
      if (asked !== null && (!parseIsoDate(asked) || asked > window.today || asked < window.earliest)) {
        return saError(400);
      }
      if (utr === SA_SANDBOX_FAILING_UTR) return saError(500);
      const build = accounts[utr];
      if (!build) return saError(404);
      return { status: 200, body: fromWindow(build(window.today), asked ?? window.defaultFrom) };
    },
  };
}

export interface SimulationData {
  /** Self Assessment accounts by UTR, over the demo taxpayer's. */
  readonly saAccounts?: SaAccountFixtures;
}

/** Every endpoint the simulator serves. */
export function simulatedEndpoints(data: SimulationData = {}): SimEndpoint[] {
  return [
    saAccountEndpoint({ [DEMO_UTR]: demoSaAccount, ...data.saAccounts }),
    // Every registered resource (src/resources/), with its own rules, scenarios and demo data.
    ...RESOURCE_LIST.flatMap((definition) => yearResourceEndpoints(definition)),
    commandEndpoint(marriageAllowance, validateCreateMarriageAllowance, DISCLOSURES_MESSAGES.FORMAT_NINO),
  ];
}
