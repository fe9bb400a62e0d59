/** The throughput benchmark's arithmetic (bench/throughput/stats.ts): /proc parsing and percentiles. */
import {
  cpuMs,
  latencySummary,
  parseProcStat,
  parseProcStatus,
  percentile,
} from '../../bench/throughput/stats';

// A real /proc/<pid>/stat line (proc(5)), with a command name holding a space and a parenthesis.
const STAT =
  '4242 (node (bench) x) S 4200 4242 4200 34816 4242 4194304 10876 0 0 0 1234 567 0 0 20 0 11 0 ' +
  '1187650 1216057344 48213 18446744073709551615 1 1 0 0 0 0 0 16781312 17922 0 0 0 17 1 0 0 0 0 0';

describe('parseProcStat', () => {
  it('reads utime and stime (fields 14 and 15), counting from the last parenthesis', () => {
    expect(parseProcStat(STAT)).toEqual({ utimeTicks: 1234, stimeTicks: 567 });
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStat('no parenthesis here')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (x) S 1')).toThrow(/no utime/);
  });
});

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in bytes', () => {
    const status =
      'Name:\tnode\nVmPeak:\t 1187656 kB\nVmHWM:\t  201440 kB\nVmRSS:\t  188000 kB\nThreads:\t11\n';
    expect(parseProcStatus(status)).toEqual({ rssBytes: 188000 * 1024, peakRssBytes: 201440 * 1024 });
  });

  it('refuses a status without them (a kernel thread)', () => {
    expect(() => parseProcStatus('Name:\tkthreadd\n')).toThrow(/no VmRSS/);
  });
});

describe('cpuMs', () => {
  it('turns the difference in utime + stime ticks into milliseconds', () => {
    const before = { utimeTicks: 100, stimeTicks: 20 };
    const after = { utimeTicks: 250, stimeTicks: 45 };
    expect(cpuMs(before, after, 100)).toBe(1750);
    expect(cpuMs(before, after, 1000)).toBe(175);
  });
});

describe('percentile', () => {
  it('is the nearest rank, whatever the order of the samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 100)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(samples[0]).toBe(5); // not sorted in place
  });

  it('takes p99 of 1,000 samples as the 990th smallest', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(latencySummary(samples)).toEqual({ p50: 500, p99: 990, count: 1000 });
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
