import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleep, until } from './stats.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_ENTRY = `${ROOT}apps/server/dist/main.js`;
const NOOP_ENTRY = fileURLToPath(new URL('../workers/noop.mjs', import.meta.url));
const INGEST_REF_ENTRY = fileURLToPath(new URL('../workers/ingestReference.mjs', import.meta.url));

/** The admin API token every bench server creates at start (SCOREFLOW_BOOTSTRAP_TOKEN). */
export const BENCH_TOKEN = 'sf_bench_bootstrap_token_for_runs';

/**
 * Resident set size (and its peak) of a process, in bytes, from /proc.
 * @param {number} pid
 */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') * 1024, peakRss: kb('VmHWM') * 1024 };
}

/**
 * Runs the built server entry (`apps/server/dist/main.js --role <role>`) as a child process, the way it
 * is deployed, and resolves once it says it has started.
 * @param {{ role: 'api' | 'worker' | 'all', dataDir: string, redisUrl: string, prefix: string,
 *   port?: number, databaseUrl?: string, launcher?: string[], nodeArgs?: string[] }} options
 */
export async function startScoreflow(options) {
  // BENCH_NODE_ARGS (say `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to every Scoreflow process, for a
  // profile of the figures being measured; NODE_OPTIONS refuses the profiler flags.
  const nodeArgs = [
    ...(options.nodeArgs ?? []),
    ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  // A launcher (say valgrind and its options) runs the node process under it.
  const [command, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
  const child = spawn(command, [...launcherArgs, ...nodeArgs, SERVER_ENTRY, '--role', options.role], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      // A PostgreSQL store when given; else the SQLite file under DATA_DIR.
      ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.prefix,
      PORT: String(options.port ?? 0),
      // Info-level request logs would make the API spend its time writing to a pipe; the bench
      // measures the request path, so the API logs warnings only. The worker logs nothing per job at
      // info, and its "workers started" line is how the bench knows it is ready.
      LOG_LEVEL: options.role === 'api' ? 'warn' : 'info',
      // The bench drives the API far past any one client's rate limit; the limits stay on (their
      // Redis round trip is part of the request path) but never refuse.
      RATE_LIMIT_PER_CALLER: '1000000000',
      RATE_LIMIT_PER_WRITE_KEY: '1000000000',
      SCOREFLOW_BOOTSTRAP_TOKEN: BENCH_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const started = async () => {
    if (exited) throw new Error(`bench: scoreflow --role ${options.role} exited:\n${output}`);
    if (options.role !== 'api') return output.includes('workers started');
    try {
      return (await fetch(`http://127.0.0.1:${options.port}/readyz`)).ok;
    } catch {
      return false;
    }
  };
  await until(started, `scoreflow --role ${options.role} to start`, options.launcher ? 600_000 : 120_000, 50);
  return {
    child,
    pid: /** @type {number} */ (child.pid),
    output: () => output,
    memory: () => memoryOf(/** @type {number} */ (child.pid)),
    alive: () => !exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(15_000)]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/**
 * Starts the reference: a BullMQ worker whose processor does nothing, in a process of its own (as the
 * Scoreflow worker is), and talks to it over IPC.
 * @param {{ redisUrl: string, prefix: string, queue: string, concurrency: number }} options
 */
export async function startNoopWorker(options) {
  const child = fork(NOOP_ENTRY, [], {
    env: {
      ...process.env,
      NOOP_REDIS_URL: options.redisUrl,
      NOOP_PREFIX: options.prefix,
      NOOP_QUEUE: options.queue,
      NOOP_CONCURRENCY: String(options.concurrency),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  /** @type {Map<string, (msg: any) => void>} */
  const waiting = new Map();
  child.on('message', (msg) => {
    const resolve = waiting.get(msg.reply);
    if (resolve) {
      waiting.delete(msg.reply);
      resolve(msg);
    }
  });
  let seq = 0;
  /** Sends a command and resolves with the child's answer to it. */
  const ask = (cmd, args = {}) =>
    new Promise((resolve) => {
      const id = `${cmd}-${++seq}`;
      waiting.set(id, resolve);
      child.send({ cmd, id, ...args });
    });
  await ask('ready');
  return {
    pid: /** @type {number} */ (child.pid),
    memory: () => memoryOf(/** @type {number} */ (child.pid)),
    /**
     * Arms the worker to count the next `count` completed jobs; resolves (once armed) with a promise of
     * their latencies (add → finish) and, for jobs that carry `dueAt`, their lateness (start − due).
     * @param {number} count
     */
    async expect(count) {
      const doneId = `done-${++seq}`;
      const done = new Promise((resolve) => waiting.set(doneId, resolve));
      await ask('expect', { count, doneId });
      return { done };
    },
    async stop() {
      await ask('stop');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
    },
  };
}

/**
 * Starts the ingestion reference (bench/workers/ingestReference.mjs: node:http + one `queue.add` or
 * `addBulk` per request) on `port` in a child process, and resolves once it listens.
 * @param {{ redisUrl: string, prefix: string, port: number }} options
 */
export async function startIngestReference(options) {
  const child = spawn(process.execPath, [INGEST_REF_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      REF_REDIS_URL: options.redisUrl,
      REF_PREFIX: options.prefix,
      REF_PORT: String(options.port),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.stdout.on('data', (chunk) => {
    output += chunk.toString();
  });
  await until(
    () => {
      if (exited) throw new Error('bench: the ingestion reference exited before listening');
      return output.includes('listening');
    },
    'the ingestion reference to listen',
    30_000,
    50,
  );
  return {
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

export { until };
