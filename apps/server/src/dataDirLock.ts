import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ConfigError } from './config.js';

/**
 * Every Scoreflow process using a data directory says so with a file in DATA_DIR/pids, removed when it
 * exits. Several processes share a data directory by design (an API and workers), so each has its own
 * file rather than one lock. A restore refuses while any of them is alive, and a server refuses to
 * start while a restore is under way.
 *
 * A process killed with SIGKILL, or a machine that lost power, leaves its file behind: a file counts
 * only while its process is alive, checked by pid, and on Linux by the process's start time too, so a
 * pid the system has since given to another program does not count either.
 */
export const PIDS_DIR = 'pids';

export interface ProcessEntry {
  pid: number;
  host: string;
  /** `api`, `worker`, `all`, or `restore`. */
  role: string;
  startedAt: string;
  /** The process's start time in clock ticks since boot (Linux), against pid reuse. */
  bootTicks?: number | undefined;
  command: string;
  /** The entry's file. */
  file: string;
}

export class DataDirBusyError extends ConfigError {
  constructor(message: string) {
    super(message, 'data_dir_busy');
  }
}

/** Field 22 of /proc/<pid>/stat, or undefined where there is no /proc. */
function bootTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

type Liveness = 'alive' | 'dead' | 'elsewhere';

function liveness(entry: ProcessEntry): Liveness {
  // A data directory on a shared file system: another machine's pids mean nothing here.
  if (entry.host !== hostname()) return 'elsewhere';
  try {
    process.kill(entry.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user, which still counts as running.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
  }
  if (entry.bootTicks !== undefined) {
    const now = bootTicks(entry.pid);
    if (now !== undefined && now !== entry.bootTicks) return 'dead';
  }
  return 'alive';
}

function readEntries(dataDir: string): ProcessEntry[] {
  const dir = path.join(dataDir, PIDS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      entries.push({ ...(JSON.parse(readFileSync(file, 'utf8')) as ProcessEntry), file });
    } catch {
      // Written by rename, so never half-written by a live process: a leftover of a crash, or gone.
    }
  }
  return entries;
}

/**
 * The other processes alive on `dataDir` (running, or on another host and so impossible to check).
 * Files of dead processes are removed on the way.
 */
export function liveProcesses(dataDir: string): (ProcessEntry & { elsewhere: boolean })[] {
  const live: (ProcessEntry & { elsewhere: boolean })[] = [];
  for (const entry of readEntries(dataDir)) {
    if (entry.pid === process.pid && entry.host === hostname()) continue;
    const state = liveness(entry);
    if (state === 'dead') rmSync(entry.file, { force: true });
    else live.push({ ...entry, elsewhere: state === 'elsewhere' });
  }
  return live;
}

/**
 * Records this process in `dataDir` until it exits. The file is written before looking at the others:
 * a server and a restore starting at the same moment then always see at least one another, and the one
 * that sees the other gives way.
 */
export function registerProcess(dataDir: string, role: string): { file: string; release(): void } {
  const dir = path.join(dataDir, PIDS_DIR);
  mkdirSync(dir, { recursive: true });
  const host = hostname();
  const file = path.join(
    dir,
    `${host.replace(/[^\w.-]/g, '_')}-${process.pid}-${randomBytes(3).toString('hex')}.json`,
  );
  const entry = {
    pid: process.pid,
    host,
    role,
    startedAt: new Date().toISOString(),
    bootTicks: bootTicks(process.pid),
    command: process.argv.slice(1).join(' '),
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(entry)}\n`);
  renameSync(`${file}.tmp`, file);
  const release = () => {
    rmSync(file, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);

  if (role !== 'restore') {
    const restore = liveProcesses(dataDir).find((p) => p.role === 'restore');
    if (restore) {
      release();
      throw new DataDirBusyError(
        `A restore (pid ${restore.pid} on ${restore.host}) is replacing the database in ${dataDir}; start Scoreflow once it has finished`,
      );
    }
  }
  return { file, release };
}

/** One line per process, for messages. */
export function describeProcesses(processes: ReturnType<typeof liveProcesses>): string {
  return processes
    .map(
      (p) =>
        `  pid ${p.pid} on ${p.host} (${p.role}, since ${p.startedAt})${
          p.elsewhere
            ? `: on another machine, cannot be checked from here; if it is stopped, delete ${p.file}`
            : ''
        }`,
    )
    .join('\n');
}
