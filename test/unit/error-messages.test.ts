/**
 * The two message scrubbers behind the error formatter, on graphql-js's own wordings: "Did you mean …?" hints of
 * every kind, and invalid variable values (which graphql-js prints in full, sometimes twice).
 */
import { GraphQLError } from 'graphql';
import { withoutSuggestions, withoutVariableValue } from '../../src/errors/graphql';

describe('withoutSuggestions', () => {
  it.each([
    [
      'Cannot query field "pensionCharge" on type "TaxpayerYear". Did you mean "pensionCharges"?',
      'Cannot query field "pensionCharge" on type "TaxpayerYear".',
    ],
    ['Unknown type "Foo". Did you mean "Food", "Fool", or "Foot"?', 'Unknown type "Foo".'],
    [
      'Value "CLEARD" does not exist in "ChargeStatus" enum. Did you mean the enum value "CLEARED"?',
      'Value "CLEARD" does not exist in "ChargeStatus" enum.',
    ],
    ['No hint here.', 'No hint here.'],
  ])('%s', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });
});

/** graphql-js's shape: an outer error whose originalError is the reason. */
function variableError(name: string, printed: string, at: string, reason: string): [string, unknown] {
  const inner = new GraphQLError(reason);
  const message = `Variable "$${name}" got invalid value ${printed}${at}; ${reason}`;
  return [message, new GraphQLError(message, { originalError: inner })];
}

describe('withoutVariableValue', () => {
  it('drops the value and keeps the reason', () => {
    const [message, error] = variableError('nino', `"${'A'.repeat(1000)}"`, '', 'The NINO format is invalid');
    expect(withoutVariableValue(message, error)).toBe(
      'Variable "$nino" got invalid value; The NINO format is invalid',
    );
  });

  it('keeps the path inside an input object, even when the value contains "; " and " at "', () => {
    const [message, error] = variableError(
      'input',
      '{ a: "x; y at \\"input.b\\"" }',
      ' at "input.a.b[2]"',
      'Float cannot represent non numeric value: "x; y"',
    );
    expect(withoutVariableValue(message, error)).toBe(
      'Variable "$input" got invalid value at "input.a.b[2]"; Float cannot represent non numeric value',
    );
  });

  it('removes values that the reason repeats (enums, built-in scalars) and shortens long names', () => {
    const [message, error] = variableError(
      's',
      '"SECRET"',
      '',
      'Value "SECRET" does not exist in "ChargeStatus" enum.',
    );
    expect(withoutVariableValue(message, error)).toBe(
      'Variable "$s" got invalid value; The value does not exist in "ChargeStatus" enum.',
    );
    const long = 'k'.repeat(200);
    const [m2, e2] = variableError(
      'i',
      '{}',
      '',
      `Field "${long}" is not defined by type "PensionChargesInput".`,
    );
    const out = withoutVariableValue(m2, e2);
    expect(out).not.toContain(long);
    expect(out).toContain('is not defined by type "PensionChargesInput".');
  });

  it('without a known reason, says only which variable', () => {
    const message = 'Variable "$x" got invalid value "leak"; something';
    expect(withoutVariableValue(message, new Error('unrelated'))).toBe('Variable "$x" got invalid value');
  });

  it('leaves other messages alone', () => {
    expect(withoutVariableValue('Variable "$x" of required type "Nino!" was not provided.', undefined)).toBe(
      'Variable "$x" of required type "Nino!" was not provided.',
    );
  });
});
