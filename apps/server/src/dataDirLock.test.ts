import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirBusyError, liveProcesses, PIDS_DIR, registerProcess } from './dataDirLock.js';

const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-pids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (dataDir: string, name: string, fields: Record<string, unknown>) => {
  mkdirSync(path.join(dataDir, PIDS_DIR), { recursive: true });
  const file = path.join(dataDir, PIDS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify({ host: hostname(), role: 'all', startedAt: 'then', ...fields }));
  return file;
};

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid as number;
}

describe('the process files in DATA_DIR/pids', () => {
  it('a process is listed while it runs and its file goes when it releases it', () => {
    const dataDir = path.join(dir, 'own');
    const own = registerProcess(dataDir, 'worker');
    expect(JSON.parse(readFileSync(own.file, 'utf8'))).toMatchObject({ pid: process.pid, role: 'worker' });
    // A process does not count itself.
    expect(liveProcesses(dataDir)).toEqual([]);
    own.release();
    expect(existsSync(own.file)).toBe(false);
  });

  it('counts live processes, drops the files of dead ones and of reused pids, and cannot check other hosts', async () => {
    const dataDir = path.join(dir, 'mixed');
    const parent = entry(dataDir, 'parent', { pid: process.ppid });
    const dead = entry(dataDir, 'dead', { pid: await deadPid() });
    const elsewhere = entry(dataDir, 'elsewhere', { pid: 1, host: 'another-machine' });
    writeFileSync(path.join(dataDir, PIDS_DIR, 'torn.json'), '{"pid": 12');
    const reused = existsSync('/proc/self/stat')
      ? entry(dataDir, 'reused', { pid: process.ppid, bootTicks: 1 })
      : undefined;

    const live = liveProcesses(dataDir);
    expect(live.map((p) => p.file).sort()).toEqual([elsewhere, parent].sort());
    expect(live.find((p) => p.file === elsewhere)?.elsewhere).toBe(true);
    expect(existsSync(dead)).toBe(false);
    if (reused) expect(existsSync(reused)).toBe(false);
  });

  it('a server does not start while a live restore is registered, and does once it is gone', () => {
    const dataDir = path.join(dir, 'restoring');
    const restore = entry(dataDir, 'restore', { pid: process.ppid, role: 'restore' });
    expect(() => registerProcess(dataDir, 'all')).toThrow(DataDirBusyError);
    expect(liveProcesses(dataDir).map((p) => p.role)).toEqual(['restore']);
    rmSync(restore);
    registerProcess(dataDir, 'all').release();
  });
});
