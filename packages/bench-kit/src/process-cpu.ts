import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) a process has used so far, read from Linux's /proc; NaN where that
 * is not available or the process is gone. For this process, `process.cpuUsage()` says the same.
 */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  } catch {
    return Number.NaN;
  }
}
