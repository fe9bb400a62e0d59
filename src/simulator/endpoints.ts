/**
 * The simulator's endpoint table. Each entry is one HMRC method + path with the `Gov-Test-Scenario` values HMRC's
 * sandbox documents for it and a handler that runs after the checks every HMRC API makes (see `server.ts`).
 * Later APIs add entries here; the request pipeline does not change.
 */
import type { HmrcError } from '../errors/hmrc-error';
import { hmrcError } from '../errors/hmrc-error';
import type { ApiId } from '../hmrc/apis';
import { DEFAULT_API_VERSIONS } from '../hmrc/apis';
import { pensionCharges } from '../hmrc/charges';
import type { HttpMethod } from '../hmrc/client';
import { DISCLOSURES_MIN_TAX_YEAR, disclosures, marriageAllowance } from '../hmrc/disclosures';
import type { NinoCommand, YearResource } from '../hmrc/endpoint';
import {
  RELIEFS_DEF2_FROM,
  charitableGiving,
  foreignReliefs,
  otherReliefs,
  pensionReliefs,
  reliefInvestments,
} from '../hmrc/reliefs';
import type { SaAccountDto } from '../hmrc/sa-account';
import { SA_SANDBOX_FAILING_UTR, saAccountBreakdown } from '../hmrc/sa-account';
import { fromWindow } from '../derive/sa-account';
import { utcDate } from '../util/clock';
import * as charges from '../validation/charges';
import * as disclosureRules from '../validation/disclosures';
import { isValidUtr, parseIsoDate, taxYearEnd } from '../validation/identifiers';
import { saWindow } from '../validation/sa-account';
import * as charitable from '../validation/reliefs/charitable-giving';
import * as foreign from '../validation/reliefs/foreign';
import * as investments from '../validation/reliefs/investments';
import * as other from '../validation/reliefs/other';
import * as pensions from '../validation/reliefs/pensions';
import type { Validated, ValidationSettings } from '../validation/types';
import * as demo from './demo-data';
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

type PathRules = (nino: string, taxYear: string, settings: ValidationSettings) => HmrcError[];

interface YearResourceSimulation<TRead, TWrite> {
  readonly resource: YearResource<TRead, TWrite>;
  readonly validateRetrieve: PathRules;
  readonly validateCreateAmend: (
    nino: string,
    taxYear: string,
    body: unknown,
    settings: ValidationSettings,
  ) => Validated<TWrite>;
  readonly validateDelete: PathRules;
  /** What HMRC's sandbox returns by default (its documented example). */
  readonly example: (taxYear: string) => TRead;
  /** What the demo taxpayer holds before anyone writes. */
  readonly demo: (nino: string, taxYear: string) => TRead | undefined;
  /** The stored form of a written body (HMRC adds `submittedOn` where the resource has one). */
  readonly stored: (body: TWrite, now: Date) => TRead;
  /** HMRC's `DYNAMIC` scenario, where the endpoint has one: a response built from the request. */
  readonly dynamic?: (req: SimRequest) => TRead;
  readonly formatNinoMessage?: string;
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
    ...(sim.formatNinoMessage ? { formatNinoMessage: sim.formatNinoMessage } : {}),
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
        const invalid = sim.validateRetrieve(nino, taxYear, settingsFor(resource.api, req));
        if (invalid.length > 0) return errorResponse(invalid);
        const mode = behaviour(req.scenario, this.scenarios);
        if (mode === 'static') return { status: 200, body: sim.example(taxYear) };
        if (mode === 'dynamic')
          return { status: 200, body: sim.dynamic ? sim.dynamic(req) : sim.example(taxYear) };
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
        const result = sim.validateCreateAmend(nino, taxYear, req.body, settingsFor(resource.api, req));
        if (!result.ok) return errorResponse(result.errors);
        const mode = behaviour(req.scenario, this.scenarios);
        if (mode === 'static' || mode === 'dynamic') return { status: 204 };
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
        const invalid = sim.validateDelete(nino, taxYear, settingsFor(resource.api, req));
        if (invalid.length > 0) return errorResponse(invalid);
        const mode = behaviour(req.scenario, this.scenarios);
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

const byDef =
  <T>(def2From: string, def1: T, def2: T) =>
  (taxYear: string) =>
    taxYearEnd(taxYear) >= taxYearEnd(def2From) ? def2 : def1;
const withSubmittedOn = <W>(body: W, now: Date) => ({ submittedOn: now.toISOString(), ...body });

export interface SimulationData {
  /** Self Assessment accounts by UTR, over the demo taxpayer's. */
  readonly saAccounts?: SaAccountFixtures;
}

/** Every endpoint the simulator serves. */
export function simulatedEndpoints(data: SimulationData = {}): SimEndpoint[] {
  return [
    saAccountEndpoint({ [DEMO_UTR]: demoSaAccount, ...data.saAccounts }),
    ...yearResourceEndpoints({
      resource: pensionCharges,
      validateRetrieve: charges.validateRetrievePensionCharges,
      validateCreateAmend: charges.validateCreateAmendPensionCharges,
      validateDelete: charges.validateDeletePensionCharges,
      example: (taxYear) =>
        charges.isDef2TaxYear(taxYear)
          ? demo.PENSION_CHARGES_DEF2_EXAMPLE
          : demo.PENSION_CHARGES_DEF1_EXAMPLE,
      demo: demo.demoPensionCharges,
      stored: withSubmittedOn,
    }),
    ...yearResourceEndpoints({
      resource: reliefInvestments,
      validateRetrieve: investments.validateRetrieveReliefInvestments,
      validateCreateAmend: investments.validateCreateAmendReliefInvestments,
      validateDelete: investments.validateDeleteReliefInvestments,
      example: byDef(
        RELIEFS_DEF2_FROM,
        demo.RELIEF_INVESTMENTS_DEF1_EXAMPLE,
        demo.RELIEF_INVESTMENTS_DEF2_EXAMPLE,
      ),
      demo: demo.demoReliefInvestments,
      stored: withSubmittedOn,
    }),
    ...yearResourceEndpoints({
      resource: otherReliefs,
      validateRetrieve: other.validateRetrieveOtherReliefs,
      validateCreateAmend: other.validateCreateAmendOtherReliefs,
      validateDelete: other.validateDeleteOtherReliefs,
      example: () => demo.OTHER_RELIEFS_EXAMPLE,
      demo: demo.demoOtherReliefs,
      stored: withSubmittedOn,
    }),
    ...yearResourceEndpoints({
      resource: foreignReliefs,
      validateRetrieve: foreign.validateRetrieveForeignReliefs,
      validateCreateAmend: foreign.validateCreateAmendForeignReliefs,
      validateDelete: foreign.validateDeleteForeignReliefs,
      example: () => demo.FOREIGN_RELIEFS_EXAMPLE,
      demo: demo.demoForeignReliefs,
      stored: withSubmittedOn,
    }),
    ...yearResourceEndpoints({
      resource: pensionReliefs,
      validateRetrieve: pensions.validateRetrievePensionReliefs,
      validateCreateAmend: pensions.validateCreateAmendPensionReliefs,
      validateDelete: pensions.validateDeletePensionReliefs,
      example: () => demo.PENSION_RELIEFS_EXAMPLE,
      demo: demo.demoPensionReliefs,
      stored: withSubmittedOn,
    }),
    ...yearResourceEndpoints({
      resource: charitableGiving,
      validateRetrieve: charitable.validateRetrieveCharitableGiving,
      validateCreateAmend: charitable.validateCreateAmendCharitableGiving,
      validateDelete: charitable.validateDeleteCharitableGiving,
      example: byDef(
        RELIEFS_DEF2_FROM,
        demo.CHARITABLE_GIVING_DEF1_EXAMPLE,
        demo.CHARITABLE_GIVING_DEF2_EXAMPLE,
      ),
      demo: demo.demoCharitableGiving,
      // HMRC's charitable-giving response has no submittedOn.
      stored: (body) => body,
    }),
    ...yearResourceEndpoints({
      resource: disclosures,
      validateRetrieve: disclosureRules.validateRetrieveDisclosures,
      validateCreateAmend: disclosureRules.validateCreateAmendDisclosures,
      validateDelete: disclosureRules.validateDeleteDisclosures,
      example: () => demo.DISCLOSURES_EXAMPLE,
      demo: demo.demoDisclosures,
      stored: withSubmittedOn,
      // HMRC's DYNAMIC scenario echoes the request: submitted now, for the tax year asked about.
      dynamic: (req) => ({
        ...demo.DISCLOSURES_EXAMPLE,
        submittedOn: req.now.toISOString(),
        taxAvoidance: [{ srn: '14211123', taxYear: req.params.taxYear ?? '' }],
      }),
      formatNinoMessage: disclosureRules.DISCLOSURES_MESSAGES.FORMAT_NINO,
    }),
    commandEndpoint(
      marriageAllowance,
      disclosureRules.validateCreateMarriageAllowance,
      disclosureRules.DISCLOSURES_MESSAGES.FORMAT_NINO,
    ),
  ];
}
