/**
 * The closed list of error codes the gateway reports in `extensions.code`.
 *
 * Each entry says where the code comes from (`source`). HMRC codes are HMRC's, verbatim, with the HTTP status HMRC uses and HMRC's runtime message (the one its
 * services send, which sometimes differs from the example text in its OpenAPI files). Gateway codes cover
 * failures HMRC never sees. GraphQL codes are Apollo Server's, kept for requests that are not valid GraphQL.
 */
export const ERROR_CATALOGUE = {
  // --- HMRC: path parameters and bodies (MTD APIs, runtime messages of charges and reliefs) ---
  FORMAT_NINO: { source: 'hmrc', status: 400, message: 'The NINO format is invalid' },
  FORMAT_TAX_YEAR: { source: 'hmrc', status: 400, message: 'The taxYear format is invalid' },
  RULE_TAX_YEAR_RANGE_INVALID: {
    source: 'hmrc',
    status: 400,
    message: 'A tax year range of one year is required',
  },
  RULE_TAX_YEAR_NOT_SUPPORTED: {
    source: 'hmrc',
    status: 400,
    message: 'The tax year specified does not lie within the supported range',
  },
  RULE_TAX_YEAR_NOT_ENDED: {
    source: 'hmrc',
    status: 400,
    message: 'The specified tax year has not yet ended',
  },
  RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED: {
    source: 'hmrc',
    status: 400,
    message: 'An empty or non-matching body was submitted',
  },
  FORMAT_VALUE: { source: 'hmrc', status: 400, message: 'The value must be between 0 and 99999999999.99' },
  RULE_OUTSIDE_AMENDMENT_WINDOW: {
    source: 'hmrc',
    status: 400,
    message: 'You are outside the amendment window',
  },
  RULE_INCORRECT_GOV_TEST_SCENARIO: {
    source: 'hmrc',
    status: 400,
    message: 'The supplied Gov-Test-Scenario is not valid',
  },
  INVALID_REQUEST: { source: 'hmrc', status: 400, message: 'Invalid request' },
  RULE_REQUEST_CANNOT_BE_FULFILLED: {
    source: 'hmrc',
    status: 422,
    message: 'Custom (will vary in production depending on the actual error)',
  },

  // --- HMRC: Individuals Charges, pension charges ---
  FORMAT_COUNTRY_CODE: { source: 'hmrc', status: 400, message: 'The provided Country code is invalid' },
  RULE_COUNTRY_CODE: {
    source: 'hmrc',
    status: 400,
    message: 'The country code is not a permitted ISO 3166-1 alpha-3 country code',
  },
  FORMAT_PROVIDER_NAME: { source: 'hmrc', status: 400, message: 'The provided name is invalid' },
  FORMAT_PROVIDERS_ADDRESS: { source: 'hmrc', status: 400, message: 'The provided address is invalid' },
  FORMAT_QOPS_REF: { source: 'hmrc', status: 400, message: 'The provided QOPS reference number is invalid' },
  FORMAT_PENSION_SCHEME_TAX_REFERENCE: {
    source: 'hmrc',
    status: 400,
    message: 'The provided pension scheme tax reference is invalid',
  },
  RULE_IS_ANNUAL_ALLOWANCE_REDUCED: {
    source: 'hmrc',
    status: 400,
    message: 'Tapered annual allowance or money purchased allowance has not been provided',
  },
  RULE_PENSION_REFERENCE: {
    source: 'hmrc',
    status: 400,
    message:
      'You can only provide qualifying recognised Overseas Pension Scheme reference or pension scheme tax reference not both',
  },

  // --- HMRC: Individuals Charges, High Income Child Benefit Charge and Winter Fuel Payment ---
  FORMAT_DATE_CEASED: { source: 'hmrc', status: 400, message: 'The ceased date format is invalid' },
  RULE_DATE_CEASED: { source: 'hmrc', status: 400, message: 'The ceased date must be within the tax year' },
  FORMAT_SOURCE: { source: 'hmrc', status: 400, message: 'The provided source is invalid' },
  RULE_WFP_AMOUNT_ABOVE_MAXIMUM: {
    source: 'hmrc',
    status: 400,
    message: 'Amount exceeds the maximum Winter Fuel Payment for the tax year',
  },
  RULE_WFP_AMOUNT_BELOW_MINIMUM: {
    source: 'hmrc',
    status: 400,
    message: 'Amount is below the minimum Winter Fuel Payment for the tax year',
  },

  // --- HMRC: Individuals Reliefs ---
  FORMAT_UNIQUE_INVESTMENT_REFERENCE: {
    source: 'hmrc',
    status: 400,
    message: 'The format of unique investment reference is invalid',
  },
  FORMAT_NAME: { source: 'hmrc', status: 400, message: 'The format of the name is invalid' },
  FORMAT_DATE_OF_INVESTMENT: {
    source: 'hmrc',
    status: 400,
    message: 'The format of the investment date is invalid',
  },
  // HMRC's runtime code; its OpenAPI example value says FORMAT_CUSTOMER_REFERENCE (docs/hmrc-rules.md §9 item 1).
  FORMAT_CUSTOMER_REF: {
    source: 'hmrc',
    status: 400,
    message: 'The provided customer reference is not valid',
  },
  FORMAT_NATURE_OF_TRADE: {
    source: 'hmrc',
    status: 400,
    message: 'The provided nature of trade is not valid',
  },
  FORMAT_NAME_EX_SPOUSE: { source: 'hmrc', status: 400, message: 'The provided ex spouse name is not valid' },
  FORMAT_NAME_BUSINESS: { source: 'hmrc', status: 400, message: 'The provided business name is not valid' },
  FORMAT_INCOME_SOURCE: { source: 'hmrc', status: 400, message: 'The provided income source is not valid' },
  FORMAT_LENDER_NAME: { source: 'hmrc', status: 400, message: 'The provided lender name is not valid' },
  FORMAT_STRING: { source: 'hmrc', status: 400, message: 'The supplied string format is not valid' },
  RULE_SUBMISSION_FAILED: {
    source: 'hmrc',
    status: 400,
    message: 'The submission cannot be completed due to validation failures',
  },
  RULE_GIFT_AID_NON_UK_AMOUNT_WITHOUT_NAMES: {
    source: 'hmrc',
    status: 400,
    message: 'Non-UK charity Gift Aid amount supplied without the non-UK Gift Aid charity names',
  },
  RULE_GIFTS_NON_UK_AMOUNT_WITHOUT_NAMES: {
    source: 'hmrc',
    status: 400,
    message: 'Non-UK gifts amount supplied without non-UK gifts charity names',
  },
  RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED: {
    source: 'hmrc',
    status: 400,
    message:
      'This version of the API supports tax years up to, and including, 2024-25. For tax years from 2025-26 onwards, use version 3',
  },

  // --- HMRC: Individuals Disclosures ---
  FORMAT_SRN_INVALID: {
    source: 'hmrc',
    status: 400,
    message: 'The provided scheme reference number is invalid',
  },
  RULE_VOLUNTARY_CLASS2_CANNOT_BE_CHANGED: {
    source: 'hmrc',
    status: 400,
    message: 'Voluntary Class 2 NICs cannot be changed after 31st Jan following the year of submission',
  },
  RULE_VOLUNTARY_CLASS2_VALUE_INVALID: {
    source: 'hmrc',
    status: 400,
    message: 'Voluntary Class 2 Contributions can only be set to true',
  },
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_NINO: {
    source: 'hmrc',
    status: 400,
    message: "The provided spouse or civil partner's National Insurance Number is invalid",
  },
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_FIRST_NAME: {
    source: 'hmrc',
    status: 400,
    message: "The provided spouse or civil partner's first name is invalid",
  },
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_SURNAME: {
    source: 'hmrc',
    status: 400,
    message: "The provided spouse or civil partner's surname is invalid",
  },
  FORMAT_SPOUSE_OR_CIVIL_PARTNERS_DATE_OF_BIRTH: {
    source: 'hmrc',
    status: 400,
    message: "The provided spouse or civil partner's date of birth date is invalid",
  },
  RULE_DECEASED_RECIPIENT: {
    source: 'hmrc',
    status: 400,
    message: 'The provided spouse or civil partner is deceased',
  },
  RULE_ACTIVE_MARRIAGE_ALLOWANCE_CLAIM: {
    source: 'hmrc',
    status: 400,
    message: 'Marriage Allowance has already been transferred to a spouse or civil partner',
  },
  RULE_INVALID_REQUEST: { source: 'hmrc', status: 400, message: 'The NINO supplied is invalid' },

  // --- HMRC: service and platform responses (authorisation, routing, throttling, outages) ---
  UNAUTHORIZED: { source: 'hmrc', status: 401, message: 'Bearer token is missing or not authorized' },
  CLIENT_OR_AGENT_NOT_AUTHORISED: {
    source: 'hmrc',
    status: 403,
    message: 'The client or agent is not authorised',
  },
  MATCHING_RESOURCE_NOT_FOUND: { source: 'hmrc', status: 404, message: 'Matching resource not found' },
  NOT_FOUND: { source: 'hmrc', status: 404, message: 'The requested resource could not be found' },
  ACCEPT_HEADER_INVALID: { source: 'hmrc', status: 406, message: 'The accept header is missing or invalid' },
  INVALID_BODY_TYPE: { source: 'hmrc', status: 415, message: 'Expecting text/json or application/json body' },
  INVALID_HTTP_METHOD: { source: 'hmrc', status: 405, message: 'Invalid HTTP method' },
  MISSING_CREDENTIALS: { source: 'hmrc', status: 401, message: 'Authentication information is not provided' },
  INVALID_CREDENTIALS: {
    source: 'hmrc',
    status: 401,
    message: 'Invalid Authentication information provided',
  },
  INCORRECT_ACCESS_TOKEN_TYPE: {
    source: 'hmrc',
    status: 401,
    message: 'The access token type is not supported for this API',
  },
  HTTPS_REQUIRED: { source: 'hmrc', status: 403, message: 'HTTPS is required' },
  RESOURCE_FORBIDDEN: {
    source: 'hmrc',
    status: 403,
    message: 'The application is not subscribed to this API',
  },
  INVALID_SCOPE: {
    source: 'hmrc',
    status: 403,
    message: 'The access token does not have the required scope',
  },
  FORBIDDEN: { source: 'hmrc', status: 403, message: 'The access token is not authorised for this taxpayer' },
  METHOD_NOT_ALLOWED: { source: 'hmrc', status: 405, message: 'The request method is not allowed' },
  MESSAGE_THROTTLED_OUT: {
    source: 'hmrc',
    status: 429,
    message: 'The request for the API is throttled as you have exceeded your quota.',
  },
  INTERNAL_SERVER_ERROR: { source: 'hmrc', status: 500, message: 'An internal server error occurred' },
  NOT_IMPLEMENTED: { source: 'hmrc', status: 501, message: 'The API is not implemented' },
  SERVER_ERROR: { source: 'hmrc', status: 503, message: 'The service is unavailable' },
  SCHEDULED_MAINTENANCE: {
    source: 'hmrc',
    status: 503,
    message: 'The service is down for scheduled maintenance',
  },
  GATEWAY_TIMEOUT: { source: 'hmrc', status: 504, message: 'The request has timed out' },

  // --- Gateway: failures HMRC never sees ---
  FORMAT_UTR: { source: 'gateway', status: 400, message: 'The UTR format is invalid' },
  // Also HMRC's own code (Individuals Reliefs, other reliefs) for a malformed date.
  FORMAT_DATE: { source: 'hmrc', status: 400, message: 'The supplied date format is not valid' },
  MISSING_UTR: {
    source: 'gateway',
    status: 400,
    message: 'Self Assessment account data needs the taxpayer’s UTR: pass utr to taxpayer',
  },
  RULE_FROM_DATE_OUT_OF_RANGE: {
    source: 'gateway',
    status: 400,
    message: 'fromDate must fall within the current and the previous six tax years, and not in the future',
  },
  RULE_TAX_YEARS_OUT_OF_ORDER: {
    source: 'gateway',
    status: 400,
    message: 'The from tax year is later than the to tax year',
  },
  RULE_TAX_YEARS_RANGE_TOO_LONG: {
    source: 'gateway',
    status: 400,
    message:
      'A range of tax years may span at most 7 years, the current and the previous six that HMRC serves',
  },
  // Nothing reached HMRC (connection refused, or the circuit breaker is holding calls to a failing API): safe to
  // send again later, writes included.
  HMRC_UNAVAILABLE: { source: 'gateway', status: 503, message: 'HMRC could not be reached' },
  // HMRC requires these headers by law on every call; `extensions.headers` says which and what is wrong.
  FRAUD_PREVENTION_HEADERS_INVALID: {
    source: 'gateway',
    status: 400,
    message: 'The fraud-prevention headers HMRC requires are missing or malformed',
  },
  // A write that may or may not have been applied: it was sent, then the connection was lost, it timed out, or
  // HMRC answered with a server error. Read the resource back before sending the write again.
  HMRC_OUTCOME_UNKNOWN: {
    source: 'gateway',
    status: 502,
    message:
      'HMRC may or may not have applied this write (no reliable answer came back): read it back before sending it again',
  },
  // HMRC answered a read successfully but not with what its API documents (empty, null, not JSON, a string
  // where a number belongs): nothing from that answer is used.
  HMRC_UNEXPECTED_RESPONSE: {
    source: 'gateway',
    status: 502,
    message: 'HMRC answered with data that does not have the shape its API documents',
  },
  // The per-request budget of HMRC calls (HMRC_MAX_CALLS_PER_REQUEST): the query itself asks too much.
  HMRC_CALL_BUDGET_EXCEEDED: {
    source: 'gateway',
    status: 400,
    message: 'The request needs more calls to HMRC than one request may make',
  },
  // The whole-request deadline (REQUEST_DEADLINE_MS) passed before this field's HMRC call was answered.
  REQUEST_DEADLINE_EXCEEDED: {
    source: 'gateway',
    status: 504,
    message: 'The request did not complete within its deadline',
  },
  // The client went away: its queued and in-flight HMRC calls were cancelled (499: client closed request).
  REQUEST_CANCELLED: { source: 'gateway', status: 499, message: 'The client cancelled the request' },
  // Sign in with HMRC (gateway-held OAuth sessions).
  REAUTHORISATION_REQUIRED: {
    source: 'gateway',
    status: 401,
    message: 'The HMRC sign-in has ended (signed out, expired or withdrawn): sign in with HMRC again',
  },
  SESSION_UNAVAILABLE: {
    source: 'gateway',
    status: 503,
    message: 'The sign-in session could not be read just now; try again',
  },
  HMRC_ERROR: {
    source: 'gateway',
    status: 502,
    message: 'HMRC rejected the request with an error the gateway does not recognise',
  },

  // --- Gateway: operation limits (GraphQL Armor and graphql-js), checked before anything runs ---
  OPERATION_TOO_DEEP: {
    source: 'gateway',
    status: 400,
    message: 'The operation nests fields deeper than the gateway allows',
  },
  OPERATION_TOO_MANY_ALIASES: {
    source: 'gateway',
    status: 400,
    message: 'The operation has more aliases than the gateway allows',
  },
  OPERATION_TOO_MANY_TOKENS: {
    source: 'gateway',
    status: 400,
    message: 'The document has more tokens than the gateway allows',
  },
  OPERATION_TOO_COSTLY: {
    source: 'gateway',
    status: 400,
    message: 'The operation costs more than the gateway allows',
  },
  OPERATION_TOO_MANY_DIRECTIVES: {
    source: 'gateway',
    status: 400,
    message: 'The operation has more directives than the gateway allows',
  },

  // --- GraphQL (Apollo Server): the request itself is not valid GraphQL for this schema ---
  GRAPHQL_PARSE_FAILED: {
    source: 'graphql',
    status: 400,
    message: 'The GraphQL document could not be parsed',
  },
  GRAPHQL_VALIDATION_FAILED: {
    source: 'graphql',
    status: 400,
    message: 'The GraphQL document is not valid for this schema',
  },
  BAD_USER_INPUT: { source: 'graphql', status: 400, message: 'An argument or variable is not valid' },
  BAD_REQUEST: { source: 'graphql', status: 400, message: 'The HTTP request is not a valid GraphQL request' },
  OPERATION_RESOLUTION_FAILURE: {
    source: 'graphql',
    status: 400,
    message: 'The operation to run could not be determined',
  },
  PERSISTED_QUERY_NOT_FOUND: { source: 'graphql', status: 200, message: 'PersistedQueryNotFound' },
  PERSISTED_QUERY_NOT_SUPPORTED: { source: 'graphql', status: 400, message: 'PersistedQueryNotSupported' },

  // --- Trusted documents (src/trusted-documents): the operation is not one the gateway was told to accept ---
  PERSISTED_DOCUMENT_NOT_FOUND: {
    source: 'gateway',
    status: 400,
    message: 'The documentId is not in any trusted-documents manifest of this gateway',
  },
  PERSISTED_DOCUMENT_REQUIRED: {
    source: 'gateway',
    status: 400,
    message: 'This gateway runs only trusted documents: send a documentId from its manifests',
  },
} as const satisfies Record<
  string,
  { source: 'hmrc' | 'gateway' | 'graphql'; status: number; message: string }
>;

/** Every code the gateway can put in `extensions.code`. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, value);
}

/** A code HMRC itself sends. Only these are believed when they arrive in an HMRC body. */
export function isHmrcCode(value: unknown): value is ErrorCode {
  return isErrorCode(value) && ERROR_CATALOGUE[value].source === 'hmrc';
}
