/**
 * One request's cancellation: aborted when its client goes away before the answer is sent (the calls it queued
 * leave the HMRC budget's queue, and those in flight are aborted: nobody would read their answers, and the budget
 * is everyone's), or when its deadline (REQUEST_DEADLINE_MS) passes. The abort reason is the typed error the
 * fields still waiting then fail with.
 */
import type { ServerResponse } from 'node:http';
import { GatewayError, hmrcError } from '../errors/hmrc-error';
import { Cancellation } from '../util/cancellation';

export function requestSignal(res: ServerResponse, deadlineMs: number | undefined): Cancellation {
  // Every call the request has queued or in flight listens to it (a wide query: dozens), by design: a
  // Cancellation (src/util/cancellation.ts), not an AbortController, for what that costs per call.
  const controller = new Cancellation();
  const timer =
    deadlineMs !== undefined && deadlineMs > 0
      ? setTimeout(
          () =>
            controller.abort(
              new GatewayError(
                [
                  hmrcError('REQUEST_DEADLINE_EXCEEDED', {
                    message: `The request did not complete within its deadline of ${deadlineMs} ms`,
                  }),
                ],
                'GATEWAY',
              ),
            ),
          deadlineMs,
        )
      : undefined;
  // 'close' on the response comes once it is sent, or when the connection goes first (the client hung up). The
  // request's own 'close' is no use here: it fires as soon as the body has been read.
  res.once('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished)
      controller.abort(new GatewayError([hmrcError('REQUEST_CANCELLED')], 'GATEWAY'));
  });
  return controller;
}
