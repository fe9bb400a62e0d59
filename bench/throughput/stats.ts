/**
 * The throughput benchmark's arithmetic, kept free of I/O so that it can be unit-tested: reading a process's CPU
 * time and memory from Linux's /proc, and percentiles of latency samples.
 */

/** CPU time a process has used, in clock ticks (`getconf CLK_TCK`, usually 100 a second). */
export interface ProcCpu {
  readonly utimeTicks: number;
  readonly stimeTicks: number;
}

/**
 * Reads utime and stime (fields 14 and 15, proc(5)) from the text of /proc/<pid>/stat: every thread of the
 * process (its JavaScript thread, libuv's pool, the garbage collector's helpers), children not included. Field 2
 * is the command name in parentheses and may itself hold spaces and parentheses, so fields are counted from the
 * last `)`.
 */
export function parseProcStat(text: string): ProcCpu {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After ") ": field 3 (state) is index 0, so field n is index n - 3.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utimeTicks = Number(fields[14 - 3]);
  const stimeTicks = Number(fields[15 - 3]);
  if (!Number.isInteger(utimeTicks) || !Number.isInteger(stimeTicks))
    throw new Error(`no utime/stime in /proc/<pid>/stat: ${text.slice(0, 80)}`);
  return { utimeTicks, stimeTicks };
}

/** Resident memory from /proc/<pid>/status, in bytes: now (VmRSS) and the process's peak so far (VmHWM). */
export interface ProcMemory {
  readonly rssBytes: number;
  readonly peakRssBytes: number;
}

export function parseProcStatus(text: string): ProcMemory {
  const kB = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`no ${name} in /proc/<pid>/status`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kB('VmRSS'), peakRssBytes: kB('VmHWM') };
}

/** CPU milliseconds between two readings. */
export function cpuMs(before: ProcCpu, after: ProcCpu, ticksPerSecond: number): number {
  const ticks = after.utimeTicks + after.stimeTicks - (before.utimeTicks + before.stimeTicks);
  return (ticks * 1000) / ticksPerSecond;
}

/**
 * The nearest-rank percentile (`p` in 0..100) of unsorted samples: the smallest sample at or above which p % of
 * the samples lie. `NaN` without samples.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50 and p99 of latency samples, in the samples' unit. */
export function latencySummary(samples: readonly number[]): { p50: number; p99: number; count: number } {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), count: samples.length };
}
