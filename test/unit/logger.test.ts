import { Writable } from 'node:stream';
import { censorCredentials, createLogger } from '../../src/util/logger';

/** A logger writing into an array, one parsed JSON line per entry. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'info' }, sink), lines };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('log lines censor credentials', () => {
  it('censors authorization and token at the top level and one level down, and in headers objects', async () => {
    const { logger, lines } = capture();
    logger.info(
      {
        authorization: 'Bearer top',
        Token: 'top-token',
        headers: { authorization: 'Bearer h', accept: 'application/json' },
        upstream: {
          token: 'nested',
          headers: { Authorization: 'Bearer nested-h', token: 'nested-h-token', host: 'x' },
          ok: 1,
        },
        session: { authorization: 'Bearer s' },
        api: 'charges',
      },
      'line',
    );
    await settle();
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      authorization: '[REDACTED]',
      Token: '[REDACTED]',
      headers: { authorization: '[REDACTED]', accept: 'application/json' },
      upstream: {
        token: '[REDACTED]',
        headers: { Authorization: '[REDACTED]', token: '[REDACTED]', host: 'x' },
        ok: 1,
      },
      session: { authorization: '[REDACTED]' },
      api: 'charges',
      msg: 'line',
    });
    expect(JSON.stringify(line)).not.toMatch(/Bearer|top-token|nested/);
  });

  it('censors child bindings too', async () => {
    const { logger, lines } = capture();
    logger.child({ token: 'bound-secret', component: 'hmrc' }).info('bound');
    logger
      .child({ component: 'hmrc' })
      .child({ upstream: { authorization: 'bound-secret' } })
      .info('grandchild');
    await settle();
    expect(lines[0]).toMatchObject({ token: '[REDACTED]', component: 'hmrc', msg: 'bound' });
    expect(lines[1]).toMatchObject({ component: 'hmrc', upstream: { authorization: '[REDACTED]' } });
    expect(JSON.stringify(lines)).not.toContain('bound-secret');
  });

  it('censors an error carrying a token and keeps its message', async () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('refresh failed'), { token: 'err-secret' });
    logger.warn({ err: error }, 'failed');
    await settle();
    expect(lines[0]).toMatchObject({ err: { token: '[REDACTED]', message: 'refresh failed' } });
    expect(JSON.stringify(lines)).not.toContain('err-secret');
  });

  it('never changes the object it was given, and passes a clean one through untouched', () => {
    const headers = { authorization: 'Bearer h' };
    const fields = { headers, api: 'charges' };
    const censored = censorCredentials(fields);
    expect(censored).toEqual({ headers: { authorization: '[REDACTED]' }, api: 'charges' });
    expect(fields.headers).toBe(headers);
    expect(headers.authorization).toBe('Bearer h');

    const clean = { api: 'charges', status: 200, correlationIds: ['a', 'b'], nested: { ms: 3 } };
    expect(censorCredentials(clean)).toBe(clean);
  });

  it('leaves values that merely mention a credential alone', async () => {
    const { logger, lines } = capture();
    logger.info({ reason: 'token expired', tokenType: 'bearer' }, 'kept');
    await settle();
    expect(lines[0]).toMatchObject({ reason: 'token expired', tokenType: 'bearer' });
  });
});
