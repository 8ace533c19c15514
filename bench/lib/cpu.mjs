import { readdirSync, readFileSync } from 'node:fs';

// /proc/<pid>/stat counts CPU in clock ticks; Linux's USER_HZ is 100 on every architecture Node runs on.
const TICK_MS = 10;

/** User + system CPU milliseconds a process has used so far, or 0 once it is gone. */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Pids of every running process whose command name is `name` (e.g. the PostgreSQL server's). */
function pidsNamed(name) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * CPU used between `start()` and `stop()` by groups of processes: each group is a list of pids plus
 * every process whose command name is in `names` (PostgreSQL runs one process per connection, so its
 * backends are found by name at both ends). A process that exited in between is not counted; the
 * bench keeps its connections open throughout.
 * @param {Record<string, { pids?: number[], names?: string[] }>} groups
 */
export function cpuMeter(groups) {
  const sample = () =>
    Object.fromEntries(
      Object.entries(groups).map(([group, { pids = [], names = [] }]) => {
        const all = new Set(pids);
        for (const name of names) for (const pid of pidsNamed(name)) all.add(pid);
        return [group, new Map([...all].map((pid) => [pid, cpuMsOf(pid)]))];
      }),
    );
  let before;
  return {
    start() {
      before = sample();
    },
    /** CPU milliseconds used since `start`, in all and by group. */
    stop() {
      const after = sample();
      const byGroup = {};
      for (const [group, used] of Object.entries(after)) {
        byGroup[group] = 0;
        for (const [pid, ms] of used) byGroup[group] += ms - (before[group].get(pid) ?? 0);
      }
      return { total: Object.values(byGroup).reduce((a, b) => a + b, 0), byGroup };
    },
  };
}
