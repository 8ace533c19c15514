import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { until } from './stats.mjs';

const run = promisify(execFile);

/** The instructions a callgrind dump counted, once the file is written whole. */
function totalIn(file) {
  try {
    const total = /^(?:totals|summary): (\d+)/m.exec(readFileSync(file, 'utf8'))?.[1];
    return total === undefined ? undefined : Number(total);
  } catch {
    return undefined;
  }
}

/** Whether valgrind's callgrind can be run here. */
export function callgrindAvailable() {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Counts the instructions processes execute, with valgrind's callgrind: a count of work that does not
 * depend on how the machine's cores are shared or how fast they are, unlike CPU time. Processes start
 * under `launcher` with counting off (they run, slower, uncounted); `on(pids)` starts counting and
 * `take(pids)` ends it and returns what each counted since.
 */
export function callgrind() {
  const dir = mkdtempSync(join(tmpdir(), 'scoreflow-callgrind-'));
  const control = (args) => run('callgrind_control', args, { maxBuffer: 1 << 20 });
  return {
    launcher: [
      'valgrind',
      '--quiet',
      '--tool=callgrind',
      '--instr-atstart=no',
      '--dump-instr=no',
      `--callgrind-out-file=${dir}/%p`,
    ],
    /** @param {number[]} pids */
    async on(pids) {
      for (const pid of pids) await control(['--zero', String(pid)]);
      for (const pid of pids) await control(['--instr=on', String(pid)]);
    },
    /**
     * Dumps each process's count since `on` and turns counting off again; the instructions by pid.
     * @param {number[]} pids
     */
    async take(pids) {
      // A dump is written to `<pid>.<n>`, the n-th of that process; `on` zeroed the counts before.
      const dumps = (pid) => readdirSync(dir).filter((f) => f.startsWith(`${pid}.`));
      const before = new Map(pids.map((pid) => [pid, dumps(pid).length]));
      for (const pid of pids) await control(['--dump', String(pid)]);
      for (const pid of pids) await control(['--instr=off', String(pid)]);
      /** @type {Map<number, number>} */
      const counted = new Map();
      for (const pid of pids) {
        const file = join(dir, `${pid}.${(before.get(pid) ?? 0) + 1}`);
        await until(() => totalIn(file) !== undefined, `callgrind's count of process ${pid}`, 60_000, 100);
        counted.set(pid, /** @type {number} */ (totalIn(file)));
      }
      return counted;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
