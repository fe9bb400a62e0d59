/**
 * maskIdentifiers: what reaches the logs of a NINO or a UTR, and what must be left readable.
 */
import { maskIdentifiers } from '../../src/util/mask';

describe('NINOs', () => {
  it.each([
    ['/individuals/charges/pensions/AA123456A/2023-24', '/individuals/charges/pensions/AA******A/2023-24'],
    ['AA123456A', 'AA******A'],
    ['AB123456', 'AB******'],
    ['nino=AB123456D&x=1', 'nino=AB******D&x=1'],
    ['{"nino":"ZR987654C"}', '{"nino":"ZR******C"}'],
    ['AA123456A,AB654321B;CE111111C', 'AA******A,AB******B;CE******C'],
    ['key AA123456A_2023-24', 'key AA******A_2023-24'],
    ['pensionCharges_AB123456C', 'pensionCharges_AB******C'],
    ['AA123456 (suffix space)', 'AA****** (suffix space)'],
  ])('%p → %p', (text, masked) => {
    expect(maskIdentifiers(text)).toBe(masked);
  });

  it('leaves no six-digit run of a NINO anywhere in a longer text', () => {
    const text = `GET /individuals/charges/pensions/AA123456A/2023-24 for AB654321C then AA123456A again`;
    const masked = maskIdentifiers(text);
    expect(masked).not.toMatch(/\d{6}/);
    expect(masked).toBe(
      'GET /individuals/charges/pensions/AA******A/2023-24 for AB******C then AA******A again',
    );
  });
});

describe('UTRs', () => {
  it.each([
    [
      '/individuals/self-assessment/breakdown/1234567890?fromDate=2024-01-01',
      '/individuals/self-assessment/breakdown/*******890?fromDate=2024-01-01',
    ],
    ['utr=1234567890', 'utr=*******890'],
    ['utr_1234567890', 'utr_*******890'],
    ['1234567890 and 0987654321', '*******890 and *******321'],
  ])('%p → %p', (text, masked) => {
    expect(maskIdentifiers(text)).toBe(masked);
  });
});

describe('what stays readable', () => {
  it.each([
    '2023-24',
    '2023-07-27T17:00:19.000Z',
    'c75f40a6-a1b2-4c3d-8e9f-0123456789ab',
    '123456789',
    '12345678901',
    '99999999999.99',
    'aa123456a',
    'AAA123456A',
    'AA1234567A',
    'AA12345A',
    'FORMAT_NINO',
    'Bearer',
    '',
  ])('%p', (text) => {
    expect(maskIdentifiers(text)).toBe(text);
  });

  it('keeps the text around the identifiers', () => {
    expect(maskIdentifiers('HMRC call GET /individuals/charges/pensions/AA123456A/2023-24 200 12ms')).toBe(
      'HMRC call GET /individuals/charges/pensions/AA******A/2023-24 200 12ms',
    );
  });
});
