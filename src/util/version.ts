/**
 * The gateway's own version (package.json's), for `Gov-Vendor-Version`. Found from wherever this file was
 * compiled to, as the schema directory is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function readVersion(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hmrc-graphql-gateway' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`No hmrc-graphql-gateway package.json above ${from}`);
  }
}

export const GATEWAY_VERSION: string = readVersion(__dirname);
