import type { HmrcError } from '../errors/hmrc-error';

/**
 * How HMRC's services combine the errors of one validation pass (`Validator.combineErrors`):
 * errors with the same message become one error whose paths are concatenated in validation order (a member
 * without paths makes the merged error path-less); charges, reliefs and SA accounts then sort by code (plain
 * string order, so `FORMAT_PROVIDERS_ADDRESS` sorts before `FORMAT_PROVIDER_NAME`); disclosures does not sort.
 *
 * HMRC wraps two or more results in `INVALID_REQUEST`; the gateway reports them as separate GraphQL errors, so
 * the wrapper never appears here.
 */
export type ErrorOrder = 'byCode' | 'unsorted';

export function combineErrors(errors: readonly HmrcError[], order: ErrorOrder): HmrcError[] {
  const groups = new Map<string, HmrcError[]>();
  for (const error of errors) {
    const group = groups.get(error.message);
    if (group) group.push(error);
    else groups.set(error.message, [error]);
  }
  const merged = [...groups.values()].map(([first, ...rest]): HmrcError => {
    const members = [first!, ...rest];
    const { paths: _ignored, ...base } = first!;
    if (members.some((member) => !member.paths || member.paths.length === 0)) return base;
    return { ...base, paths: members.flatMap((member) => member.paths ?? []) };
  });
  // Array.prototype.sort is stable, like Scala's sortBy: equal codes keep their first-seen order.
  return order === 'byCode'
    ? merged.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    : merged;
}
