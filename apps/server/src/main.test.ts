import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The real entry point, as `npm start` runs it (tsc -b, which `npm test` runs first, builds it).
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'scoreflow-main-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, [MAIN, '--role', 'all'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env },
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
    for (let i = 0; i < 300; i++) {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) return match[1];
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not start: ${output}`);
  };
  return { child, dataDir, exited, listening, output: () => output };
}

describe('the server entry point on embedded defaults', () => {
  it('is built', () => {
    expect(existsSync(MAIN), `${MAIN} is missing: run "npx tsc -b" first`).toBe(true);
  });

  it('starts redis-server itself when nothing answers on the probe address, becomes ready, and stops cleanly', async () => {
    const server = start({ REDIS_PROBE_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: `main-${process.pid}` });
    const url = await server.listening();
    expect(server.output()).toMatch(/started redis-server as a child process/);
    const ready = await fetch(new URL('/readyz', url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect(existsSync(path.join(server.dataDir, 'scoreflow.db'))).toBe(true);
    expect(existsSync(path.join(server.dataDir, 'redis'))).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/"msg":"stopped"/);
  });

  it('exits with a message saying how to install Redis when there is none', async () => {
    // An empty PATH: no redis-server anywhere (node itself is started by its absolute path).
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'scoreflow-path-'));
    dirs.push(emptyDir);
    const server = start({ REDIS_PROBE_URL: 'redis://127.0.0.1:1', PATH: emptyDir });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/redis-server is not on the PATH.*apt-get install redis-server/s);
  });

  it('refuses a bad role with a clear message', async () => {
    const bad = spawn(process.execPath, [MAIN, '--role', 'boss'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bad);
    let err = '';
    bad.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((resolve) => bad.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/--role must be one of api, worker, all/);
  });
});
