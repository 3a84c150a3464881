import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the processes a measurement runs on, read from Linux's /proc. The benchmark's
 * machine has two cores shared by the server, the load generator and PostgreSQL, so a ratio only
 * makes sense next to who spent the cores; elsewhere (no /proc) nothing is read.
 */
export const PROC_AVAILABLE = existsSync('/proc/self/stat');

/** /proc's CPU times are in clock ticks (USER_HZ): 100 a second on Linux nearly everywhere. */
const MICROS_PER_TICK = PROC_AVAILABLE ? 1e6 / ticksPerSecond() : NaN;

function ticksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** User and system time of one process (all its threads) in µs, or NaN once it is gone. */
export function processCpuMicros(pid: number | undefined): number {
  if (!PROC_AVAILABLE || pid === undefined) return NaN;
  try {
    return ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')).ticks * MICROS_PER_TICK;
  } catch {
    return NaN;
  }
}

/** User and system time of each PostgreSQL process on this machine (backends and helpers), in µs by pid. */
export function postgresCpuMicros(): Map<number, number> {
  const byPid = new Map<number, number>();
  if (!PROC_AVAILABLE) return byPid;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = ticksOf(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (stat.command === 'postgres' || stat.command === 'postmaster')
        byPid.set(Number(entry), stat.ticks * MICROS_PER_TICK);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return byPid;
}

/**
 * CPU spent between two readings (pid → µs) by the processes alive at the second. A process that
 * started in between counts whole; one that ended in between is lost (a sum over all would go
 * negative).
 */
export function spentSince(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, micros] of after) spent += micros - (before.get(pid) ?? 0);
  return spent;
}

/** µs of CPU per request: the server (the API, a reference, or the bench process for a floor), the load generator, PostgreSQL. */
export interface CpuPerRequest {
  server: number;
  generator: number;
  postgres: number;
}

/**
 * `pid (command) state ppid …`: the command may hold spaces and parentheses, so the fields are
 * counted from the last ')'. utime and stime are fields 14 and 15 (proc(5)).
 */
export function ticksOf(stat: string): { command: string; ticks: number } {
  const close = stat.lastIndexOf(')');
  const command = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  return { command, ticks: Number(fields[11]) + Number(fields[12]) };
}
