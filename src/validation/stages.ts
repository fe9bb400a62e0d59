import type { HmrcError } from '../errors/hmrc-error';
import type { ErrorOrder } from './combine';
import { combineErrors } from './combine';
import type { BodyResult } from './json-body';
import type { Validated } from './types';

/**
 * The shape of every HMRC validator (docs/hmrc-rules.md §2.2 item 4): the path parameters and the reading of the
 * body are one stage, whose errors accumulate; the business rules run only if that stage passed, so body-content
 * errors never appear beside path or body-shape errors. Each stage's errors are combined as the API combines them.
 */
export function inTwoStages<T>(
  stageOne: readonly HmrcError[],
  read: BodyResult<T>,
  rules: (body: T) => HmrcError[],
  order: ErrorOrder,
): Validated<T> {
  const first = [...stageOne, ...(read.ok ? [] : [read.error])];
  if (first.length > 0 || !read.ok) return { ok: false, errors: combineErrors(first, order) };
  const broken = rules(read.value);
  return broken.length > 0
    ? { ok: false, errors: combineErrors(broken, order) }
    : { ok: true, value: read.value };
}
