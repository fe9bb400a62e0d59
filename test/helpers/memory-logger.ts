/**
 * A real pino logger writing to memory, for tests that assert on what was (or was never) logged: each line as
 * written, the whole text, and the lines parsed.
 */
import { Writable } from 'node:stream';
import pino from 'pino';

export interface MemoryLogger {
  readonly logger: pino.Logger;
  /** Every line as pino wrote it (JSON, newline-terminated). */
  readonly lines: string[];
  text(): string;
  entries(): Array<Record<string, any>>;
}

export function memoryLogger(level: pino.LevelWithSilent = 'debug'): MemoryLogger {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    logger: pino({ level }, stream),
    lines,
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, any>),
  };
}
