/**
 * HMRC's DTOs carry no NINO, UTR or tax year, yet their ids are derived from them. The resolver that fetched a
 * DTO knows its key, so it returns a shallow copy tagged under a private symbol; the type's `id` resolver reads
 * the tag. (A symbol key is invisible to GraphQL's default field resolvers and to JSON, so nothing leaks.)
 */
const SCOPE = Symbol('identity scope');

type Scope = readonly string[];

export function withScope<T extends object>(value: T, scope: Scope): T {
  return Object.assign({ ...value }, { [SCOPE]: scope });
}

export function scopeOf(value: object, typename: string): Scope {
  const scope = (value as { [SCOPE]?: Scope })[SCOPE];
  // A resolver returned this object without tagging it: a bug in the gateway, never the caller's doing.
  if (!scope) throw new Error(`${typename} resolved without an identity scope`);
  return scope;
}
