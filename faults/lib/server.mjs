import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAULTS_TOKEN } from './api.mjs';

/** The built entry point, as an operator runs it. */
export const MAIN = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));

export function assertBuilt() {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npx tsc -b" first`);
}

const TAIL = 200_000;

/**
 * Starts `node main.js --role <role>` as a real process, inside network namespace `netns` when given
 * (a separate host; see netns.mjs). Resolves once it listens (api, all) or its workers run (worker).
 * Its output is kept (a bounded tail) and scanned for SQLITE_BUSY.
 */
export async function startProcess({ role, dataDir, redisUrl, prefix, env = {}, netns }) {
  const command = [process.execPath, MAIN, '--role', role];
  // `ip netns exec` execs the command in place, so signals reach node itself.
  const [bin, ...args] = netns === undefined ? command : ['ip', 'netns', 'exec', netns, ...command];
  const child = spawn(bin, args, {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      PORT: '0',
      WORKER_LOCK_MS: '2000',
      LOG_LEVEL: 'info',
      RECONCILE_EVERY_MS: '2000',
      SCOREFLOW_BOOTSTRAP_TOKEN: FAULTS_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let busy = 0;
  const onData = (d) => {
    const text = String(d);
    busy += text.split('SQLITE_BUSY').length - 1;
    output = (output + text).slice(-TAIL);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = role === 'worker' ? /"msg":"workers started"/ : /"url":"(http:\/\/[^"]+)"/;
  const deadline = Date.now() + 20_000;
  let match = ready.exec(output);
  while (!match) {
    if (child.exitCode !== null) throw new Error(`${role} process exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${role} process did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
    match = ready.exec(output);
  }
  return {
    role,
    child,
    url: role === 'worker' ? undefined : match[1],
    exited,
    output: () => output,
    busyCount: () => busy,
    /** Sends a signal and resolves with how the process ended. */
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
