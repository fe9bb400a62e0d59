/**
 * parseErrorBody: every shape an HMRC error response can take, turned into the gateway's HmrcError list, with
 * messages from the gateway's catalogue only.
 */
import { codeForStatus, parseErrorBody } from '../../src/hmrc/error-body';

const json = (value: unknown) => JSON.stringify(value);

describe('HMRC’s MTD shapes', () => {
  it('reads one error, with HMRC’s status and the catalogue’s message', () => {
    expect(
      parseErrorBody(400, json({ code: 'FORMAT_NINO', message: 'The provided NINO is invalid' })),
    ).toEqual([{ code: 'FORMAT_NINO', message: 'The NINO format is invalid', status: 400 }]);
  });

  it('keeps paths, in order', () => {
    const paths = [
      '/pensionContributions/annualAllowanceTaxPaid',
      '/overseasPensionContributions/overseasSchemeProvider/0/providerName',
    ];
    expect(parseErrorBody(400, json({ code: 'FORMAT_VALUE', message: 'x', paths }))).toEqual([
      { code: 'FORMAT_VALUE', message: 'The value must be between 0 and 99999999999.99', status: 400, paths },
    ]);
  });

  it('drops an empty paths array rather than sending `paths: []`', () => {
    expect(parseErrorBody(400, json({ code: 'FORMAT_VALUE', paths: [] }))[0]).not.toHaveProperty('paths');
  });

  it('flattens the INVALID_REQUEST wrapper into its inner errors, in order', () => {
    const body = {
      code: 'INVALID_REQUEST',
      message: 'Invalid request',
      errors: [
        { code: 'FORMAT_TAX_YEAR', message: 'a' },
        { code: 'FORMAT_NINO', message: 'b' },
        { code: 'FORMAT_VALUE', message: 'c', paths: ['/a/0/b'] },
      ],
    };
    expect(parseErrorBody(400, json(body))).toEqual([
      { code: 'FORMAT_TAX_YEAR', message: 'The taxYear format is invalid', status: 400 },
      { code: 'FORMAT_NINO', message: 'The NINO format is invalid', status: 400 },
      {
        code: 'FORMAT_VALUE',
        message: 'The value must be between 0 and 99999999999.99',
        status: 400,
        paths: ['/a/0/b'],
      },
    ]);
  });

  it('reads INVALID_REQUEST without inner errors (a malformed JSON request body) as itself', () => {
    expect(parseErrorBody(400, json({ code: 'INVALID_REQUEST', message: 'Invalid request' }))).toEqual([
      { code: 'INVALID_REQUEST', message: 'Invalid request', status: 400 },
    ]);
    expect(parseErrorBody(400, json({ code: 'INVALID_REQUEST', errors: [] }))).toEqual([
      { code: 'INVALID_REQUEST', message: 'Invalid request', status: 400 },
    ]);
  });

  it('keeps a non-wrapper top-level error ahead of the inner ones', () => {
    const body = { code: 'RULE_TAX_YEAR_NOT_SUPPORTED', errors: [{ code: 'FORMAT_VALUE', paths: ['/x'] }] };
    expect(parseErrorBody(400, json(body)).map((e) => e.code)).toEqual([
      'RULE_TAX_YEAR_NOT_SUPPORTED',
      'FORMAT_VALUE',
    ]);
  });

  it('derives the code of inner entries that name none from the status', () => {
    const body = { code: 'INVALID_REQUEST', errors: [{ message: 'no code' }, 7, null, { code: 42 }] };
    expect(parseErrorBody(400, json(body)).map((e) => e.code)).toEqual([
      'INVALID_REQUEST',
      'INVALID_REQUEST',
      'INVALID_REQUEST',
      'INVALID_REQUEST',
    ]);
  });

  it('keeps HMRC’s status even when it differs from the catalogue’s for that code', () => {
    expect(parseErrorBody(403, json({ code: 'FORMAT_VALUE' }))[0]!.status).toBe(403);
  });
});

describe('unknown codes', () => {
  it.each([
    [400, 'RULE_BRAND_NEW'],
    [409, 'CONFLICT'],
    [400, 'constructor'],
    [400, '__proto__'],
    [400, 'toString'],
  ])('reports %p %p as HMRC_ERROR with HMRC’s status', (status, code) => {
    expect(parseErrorBody(status, json({ code, message: 'secret text' }))).toEqual([
      {
        code: 'HMRC_ERROR',
        message: 'HMRC rejected the request with an error the gateway does not recognise',
        status,
      },
    ]);
  });

  it.each(['HMRC_UNAVAILABLE', 'HMRC_ERROR', 'FORMAT_UTR', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT'])(
    'does not believe the gateway’s own code %p in an HMRC body',
    (code) => {
      expect(parseErrorBody(400, json({ code })).map((e) => e.code)).toEqual(['HMRC_ERROR']);
    },
  );

  it('reports unknown inner codes as HMRC_ERROR each', () => {
    const body = { code: 'INVALID_REQUEST', errors: [{ code: 'NEW_ONE' }, { code: 'FORMAT_NINO' }] };
    expect(parseErrorBody(400, json(body)).map((e) => e.code)).toEqual(['HMRC_ERROR', 'FORMAT_NINO']);
  });
});

describe('message-only bodies (View Self Assessment Account)', () => {
  it.each([
    [400, 'Invalid request format or parameters.', 'INVALID_REQUEST'],
    [401, 'Authorisation failed.', 'UNAUTHORIZED'],
    [403, 'Access not permitted.', 'FORBIDDEN'],
    [404, 'No data found for the UTR provided.', 'MATCHING_RESOURCE_NOT_FOUND'],
    [500, 'Unexpected internal error. Please contact service desk.', 'INTERNAL_SERVER_ERROR'],
    [503, 'Service unavailable. Please try again later.', 'SERVER_ERROR'],
  ])('derives the code of a %p {"message"} from the status', (status, message, code) => {
    const [error, ...rest] = parseErrorBody(status, json({ message }));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code, status });
    expect(error!.message).not.toBe(message);
  });
});

describe('5xx', () => {
  it('reports any 5xx as a server-side code whatever code the body claims', () => {
    expect(parseErrorBody(500, json({ code: 'FORMAT_NINO' }))).toEqual([
      { code: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred', status: 500 },
    ]);
    expect(parseErrorBody(503, json({ code: 'FORMAT_NINO' }))[0]).toMatchObject({
      code: 'SERVER_ERROR',
      status: 503,
    });
    expect(parseErrorBody(502, json({ code: 'SOMETHING' }))[0]).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      status: 502,
    });
  });

  it('keeps HMRC’s own server codes', () => {
    expect(parseErrorBody(503, json({ code: 'SCHEDULED_MAINTENANCE' }))[0]!.code).toBe(
      'SCHEDULED_MAINTENANCE',
    );
    expect(parseErrorBody(504, json({ code: 'GATEWAY_TIMEOUT' }))[0]!.code).toBe('GATEWAY_TIMEOUT');
    expect(parseErrorBody(501, json({ code: 'NOT_IMPLEMENTED' }))[0]!.code).toBe('NOT_IMPLEMENTED');
  });

  it('never keeps paths from a 5xx body', () => {
    const body = {
      code: 'INTERNAL_SERVER_ERROR',
      paths: ['/looks/fine', 'http://internal/x'],
      errors: [{ code: 'X', paths: ['/a'] }],
    };
    for (const error of parseErrorBody(500, json(body))) expect(error).not.toHaveProperty('paths');
  });
});

describe('paths are HMRC JSON pointers or nothing', () => {
  it('drops paths that are not JSON pointers, or not strings', () => {
    const paths = [
      '/ok/0/field',
      'not-a-pointer',
      '/has space',
      '/a//b',
      'http://x/y',
      '/',
      42,
      null,
      '/tail/',
    ];
    expect(parseErrorBody(400, json({ code: 'FORMAT_VALUE', paths }))[0]!.paths).toEqual(['/ok/0/field']);
  });

  it('drops paths when `paths` is not an array', () => {
    expect(parseErrorBody(400, json({ code: 'FORMAT_VALUE', paths: '/a' }))[0]).not.toHaveProperty('paths');
  });
});

describe('bodies that are not HMRC JSON', () => {
  it.each([
    [400, '', 'INVALID_REQUEST'],
    [400, '   ', 'INVALID_REQUEST'],
    [400, '{"code":"FORMAT_NINO"', 'INVALID_REQUEST'],
    [400, '"FORMAT_NINO"', 'INVALID_REQUEST'],
    [400, '[{"code":"FORMAT_NINO"}]', 'INVALID_REQUEST'],
    [400, 'null', 'INVALID_REQUEST'],
    [401, '', 'UNAUTHORIZED'],
    [405, '', 'METHOD_NOT_ALLOWED'],
    [406, '', 'ACCEPT_HEADER_INVALID'],
    [415, '', 'INVALID_BODY_TYPE'],
    [429, '', 'MESSAGE_THROTTLED_OUT'],
    [500, '<html>oops</html>', 'INTERNAL_SERVER_ERROR'],
    [502, '', 'INTERNAL_SERVER_ERROR'],
    [503, '<html>down</html>', 'SERVER_ERROR'],
    [504, '', 'GATEWAY_TIMEOUT'],
    [418, '', 'HMRC_ERROR'],
  ])('%p %p → %p', (status, text, code) => {
    expect(parseErrorBody(status, text)).toEqual([expect.objectContaining({ code, status })]);
  });

  it('does not read a 404 without HMRC JSON as “no data” (MATCHING_RESOURCE_NOT_FOUND)', () => {
    for (const text of ['', '<html>Not Found</html>', 'Not Found', '[]']) {
      expect(parseErrorBody(404, text)).toEqual([
        {
          code: 'HMRC_ERROR',
          message: 'HMRC rejected the request with an error the gateway does not recognise',
          status: 404,
        },
      ]);
    }
  });
});

describe('codeForStatus', () => {
  it('falls back to INTERNAL_SERVER_ERROR for an unlisted 5xx and HMRC_ERROR otherwise', () => {
    expect(codeForStatus(599)).toBe('INTERNAL_SERVER_ERROR');
    expect(codeForStatus(409)).toBe('HMRC_ERROR');
    expect(codeForStatus(302)).toBe('HMRC_ERROR');
    expect(codeForStatus(404)).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });
});
