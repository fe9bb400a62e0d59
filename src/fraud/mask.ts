/**
 * Fraud-prevention header values bound for logs. Values that identify a person or a device — device id, IP
 * addresses, MAC addresses, user ids, multi-factor references — are masked; the shape stays readable.
 */
import { percentDecode } from './encoding';
import { parseIp } from './ip';
import type { FraudHeader } from './methods';

function maskIp(text: string): string {
  const ip = parseIp(percentDecode(text) ?? '');
  if (!ip) return '***';
  return ip.kind() === 'ipv4'
    ? `${ip.toString().split('.').slice(0, 2).join('.')}.x.x`
    : `${ip.toString().split(':').slice(0, 2).join(':')}:…`;
}

const maskValues = (value: string, keep: readonly string[] = []) =>
  value
    .split('&')
    .map((pair) => {
      const [key = '', ...rest] = pair.split('=');
      return keep.includes(key) ? pair : `${key}=${rest.length > 0 ? '***' : ''}`;
    })
    .join('&');

const MASKERS: Partial<Record<FraudHeader, (value: string) => string>> = {
  'Gov-Client-Device-ID': (v) => `${v.slice(0, 4)}****`,
  'Gov-Client-Public-IP': maskIp,
  'Gov-Client-Local-IPs': (v) => v.split(',').map(maskIp).join(','),
  'Gov-Client-MAC-Addresses': (v) =>
    v
      .split(',')
      .map(() => '***')
      .join(','),
  'Gov-Client-User-IDs': (v) => maskValues(v),
  'Gov-Client-Multi-Factor': (v) =>
    v
      .split(',')
      .map((factor) => maskValues(factor, ['type', 'timestamp']))
      .join(','),
  'Gov-Vendor-Forwarded': (v) =>
    v
      .split(',')
      .map((hop) =>
        hop
          .split('&')
          .map((pair) => {
            const [key = '', value = ''] = pair.split('=');
            return key === 'for' ? `for=${maskIp(value)}` : pair;
          })
          .join('&'),
      )
      .join(','),
};

export function maskFraudHeaders(
  headers: Readonly<Partial<Record<FraudHeader, string>>>,
): Partial<Record<FraudHeader, string>> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      MASKERS[name as FraudHeader]?.(value ?? '') ?? value,
    ]),
  );
}
