// The built server run as real processes, for the tests that spawn it (not part of the build).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '@scoreflow/store/testing';

/** The built entry point, as `npm start` runs it (tsc -b, which `npm test` runs first, builds it). */
export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output: () => string;
  /** The URL the server logged it listens on; rejects if it exits first or does not listen in time. */
  listening: () => Promise<string>;
}

/**
 * What a spawned server needs in its environment to use `database`: DATABASE_URL for a PostgreSQL
 * one; nothing for a SQLite one, which is the file under DATA_DIR the caller created it in.
 */
export function databaseEnv(database: TestDatabase): Record<string, string> {
  return database.dialect === 'postgres' ? { DATABASE_URL: database.location } : {};
}

/**
 * Spawns `main.js --role <role>` with only PATH from this process's environment and `env` on top,
 * adding the child to `children` for the caller to kill.
 */
export function startServer(
  role: string,
  env: Record<string, string>,
  children: ChildProcess[],
): ServerProcess {
  const child = spawn(process.execPath, [MAIN, '--role', role], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = async (): Promise<string> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (url) return url;
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, exited, output: () => output, listening };
}

/** Resolves once `predicate` holds, checking every 25 ms; rejects after `ms`. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Runs `node script args` to its exit with only PATH and `env` in its environment (a command-line
 * tool, as an operator runs it), and gives its exit code and output. The child is added to `started`
 * so the test file can kill whatever is left.
 */
export function runToExit(
  script: string,
  args: string[],
  env: Record<string, string>,
  started: ChildProcess[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
