import { Cancellation } from '../../src/util/cancellation';
import type { CancelSignal } from '../../src/util/cancellation';

describe('Cancellation', () => {
  it('calls each listener once, with the reason readable, and not after it was removed', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    const first = () => calls.push(`first:${String(cancellation.reason)}`);
    const removed = () => calls.push('removed');
    cancellation.addEventListener('abort', first);
    cancellation.addEventListener('abort', first); // the same listener twice is one listener, as on EventTarget
    cancellation.addEventListener('abort', removed);
    cancellation.removeEventListener('abort', removed);
    expect(cancellation.aborted).toBe(false);
    cancellation.abort('gone');
    cancellation.abort('again');
    expect(calls).toEqual(['first:gone']);
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe('gone');
  });

  it('never calls a listener added once cancelled', () => {
    const cancellation = new Cancellation();
    cancellation.abort(new Error('x'));
    const listener = jest.fn();
    cancellation.addEventListener('abort', listener);
    expect(listener).not.toHaveBeenCalled();
  });

  it('gives an AbortError by default, as AbortController does', () => {
    const cancellation = new Cancellation();
    cancellation.abort();
    expect(cancellation.reason).toBeInstanceOf(DOMException);
    expect((cancellation.reason as DOMException).name).toBe('AbortError');
  });

  it('runs every listener when one throws, then throws the first error', () => {
    const cancellation = new Cancellation();
    const after = jest.fn();
    cancellation.addEventListener('abort', () => {
      throw new Error('first');
    });
    cancellation.addEventListener('abort', () => {
      throw new Error('second');
    });
    cancellation.addEventListener('abort', after);
    expect(() => cancellation.abort()).toThrow('first');
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('stands where an AbortSignal is accepted, and the reverse', () => {
    const fromController: CancelSignal = new AbortController().signal;
    const own: CancelSignal = new Cancellation();
    expect(fromController.aborted).toBe(own.aborted);
  });
});
