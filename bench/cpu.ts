import { readdirSync, readFileSync } from 'node:fs';

/**
 * How busy the machine was while a case ran, and how much of that was not the benchmark:
 * on a shared 2-core machine a compiler or a test suite running next to the benchmark
 * halves its figures, and the table should say so rather than report the dip. Linux only
 * (/proc); elsewhere nothing is measured.
 */

/** Kernel clock ticks per second (USER_HZ); 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

interface ProcessTicks {
  name: string;
  /** The parent's pid: a browser's processes are told apart by descending from this one. */
  ppid: number;
  user: number;
  system: number;
}

/** A snapshot of CPU time: the machine's, and each process's with its name. */
export interface CpuSnapshot {
  at: number;
  busyTicks: number;
  stealTicks: number;
  processes: Map<number, ProcessTicks>;
}

/** CPU used during an interval, in cores (1.0 = one core busy the whole time). */
export interface CpuUse {
  /** The whole machine. */
  busy: number;
  /** The server child, in user space and in the kernel (system calls, loopback TCP). */
  server: { user: number; system: number };
  /** PostgreSQL's processes (0 on PGlite, which runs inside the server). */
  database: number;
  /** This process: the load generator. */
  client: number;
  /** The browser this process launched (its child processes other than the server): the console case only. */
  browser: number;
  /** Everything else: other people's compilers and test suites on a shared machine. */
  foreign: number;
  /** Time the hypervisor gave this VM's CPUs to someone else. */
  steal: number;
  /** The biggest foreign consumers, e.g. `tsc 0.8`. */
  top: string;
}

function readProcessTicks(pid: number): ProcessTicks | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    // Fields after the name: state is field 3, ppid field 4; utime and stime are fields 14 and 15.
    const fields = stat.slice(close + 2).split(' ');
    return { name, ppid: Number(fields[1]), user: Number(fields[11]), system: Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Reads /proc; undefined where there is none. */
export function snapshotCpu(): CpuSnapshot | undefined {
  let total: string;
  try {
    total = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal ...
  const values = total.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const busyTicks = values.slice(0, 8).reduce((sum, v) => sum + v, 0) - idle;
  const stealTicks = values[7] ?? 0;
  const processes = new Map<number, ProcessTicks>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ticks = readProcessTicks(Number(entry));
    if (ticks !== undefined) processes.set(Number(entry), ticks);
  }
  return { at: performance.now(), busyTicks, stealTicks, processes };
}

/** `root` and every process descending from it, as far as `snapshot` knows them. */
function descendants(snapshot: CpuSnapshot, root: number): Set<number> {
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ticks] of snapshot.processes) {
      if (!found.has(pid) && found.has(ticks.ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * What happened between two snapshots. `server` and `client` are the benchmark's pids;
 * processes named `postgres` count as the database when `database` is true, as foreign otherwise.
 * With `browser`, the client's other descendants (a Chromium it launched) count as the browser.
 */
export function cpuBetween(
  before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, pids: { server: number; client: number; browser?: boolean },
  database: boolean,
): CpuUse | undefined {
  if (before === undefined || after === undefined) return undefined;
  const seconds = (after.at - before.at) / 1000;
  if (seconds <= 0) return undefined;
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  const use: CpuUse = {
    busy: cores(after.busyTicks - before.busyTicks), server: { user: 0, system: 0 }, database: 0, client: 0, browser: 0, foreign: 0,
    top: '',
    steal: cores(after.stealTicks - before.stealTicks),
  };
  const foreignByName = new Map<string, number>();
  const browser = pids.browser === true ? descendants(after, pids.client) : new Set<number>();
  browser.delete(pids.client);
  for (const pid of descendants(after, pids.server)) browser.delete(pid);
  for (const [pid, now] of after.processes) {
    // A process born during the interval spent all its time in it.
    const then = before.processes.get(pid) ?? { user: 0, system: 0 };
    const user = now.user - then.user;
    const system = now.system - then.system;
    if (pid === pids.server) use.server = { user: cores(user), system: cores(system) };
    else if (pid === pids.client) use.client = cores(user + system);
    else if (browser.has(pid)) use.browser += cores(user + system);
    else if (database && now.name === 'postgres') use.database += cores(user + system);
    else if (user + system > 0) foreignByName.set(now.name, (foreignByName.get(now.name) ?? 0) + user + system);
  }
  use.foreign = cores([...foreignByName.values()].reduce((sum, v) => sum + v, 0));
  use.top = [...foreignByName].sort((a, b) => b[1] - a[1]).slice(0, 3)
    .map(([name, ticks]) => `${name} ${cores(ticks).toFixed(2)}`).join(', ');
  return use;
}
