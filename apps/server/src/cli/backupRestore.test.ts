import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectRedis, createQueues } from '@scoreflow/runtime';
import { flows, TEST_REDIS_URL } from '@scoreflow/runtime/testing';
import { inspectDatabaseFile, openStore, type Store, sql } from '@scoreflow/store';
import { TEST_POSTGRES_URL } from '@scoreflow/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, runToExit, startServer, until } from '../testing/processes.js';

// The built commands and server, as an operator runs them (tsc -b builds them).
const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const BACKUP = dist('cli/backup.js');
const RESTORE = dist('cli/restore.js');
const TOKEN = 'sf_backup_test_bootstrap_token';
const CONTACTS = 20;

const dirs: string[] = [];
const children: ChildProcess[] = [];
const prefixes: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `scoreflow-${name}-`));
  dirs.push(dir);
  return dir;
};
const newPrefix = () => {
  const prefix = `backup-${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
};

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  const redis = connectRedis(TEST_REDIS_URL);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  for (const file of [MAIN, BACKUP, RESTORE])
    expect(existsSync(file), `${file} is missing: run "npx tsc -b"`).toBe(true);
});

const start = (dataDir: string, prefix: string) =>
  startServer(
    'all',
    {
      DATA_DIR: dataDir,
      PORT: '0',
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      SCOREFLOW_BOOTSTRAP_TOKEN: TOKEN,
      RATE_LIMIT_PER_CALLER: '0',
      LOG_LEVEL: 'info',
    },
    children,
  );

/** Runs one of the commands to completion. */
const run = (script: string, args: string[], env: Record<string, string>) =>
  runToExit(script, args, { REDIS_URL: TEST_REDIS_URL, ...env }, children);

const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };

async function publishPointsFlow(url: string): Promise<void> {
  const post = async (route: string, body?: unknown) => {
    const res = await fetch(new URL(route, url), {
      method: 'POST',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { id: string } };
  };
  const flow = await post('/api/flows', {
    document: flows.chain(
      'Page views',
      ['trigger.event', { event: 'page.viewed' }],
      ['action.adjustScore', { score: 'SCORE', delta: 10 }],
    ),
  });
  expect(flow.status).toBe(201);
  expect((await post(`/api/flows/${flow.body.id}/publish`)).status).toBe(201);
  expect((await post(`/api/flows/${flow.body.id}/activate`)).status).toBe(200);
}

/** Four clients POSTing events one by one until stopped, recording when each was sent and accepted. */
function startPosting(url: string) {
  const sent = new Map<string, number>();
  const accepted = new Map<string, number>();
  const failures: string[] = [];
  let next = 0;
  let stopped = false;
  const client = async () => {
    while (!stopped) {
      const i = next++;
      const id = `bk-${i}`;
      sent.set(id, performance.now());
      const res = await fetch(new URL('/api/events', url), {
        method: 'POST',
        headers,
        body: JSON.stringify({
          id,
          type: 'page.viewed',
          contact: { email: `bk${i % CONTACTS}@example.com` },
        }),
      });
      const body = await res.text();
      if (res.status === 202) accepted.set(id, performance.now());
      else failures.push(`${res.status} ${body}`);
    }
  };
  const clients = Array.from({ length: 4 }, client);
  return {
    sent,
    accepted,
    failures,
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}

/** Garbage over every page but the first: what a bad disk or a torn copy leaves. */
function corruptCopy(from: string, to: string): void {
  copyFileSync(from, to);
  const pageSize = readFileSync(to).readUInt16BE(16);
  const size = readFileSync(to).length;
  const fd = openSync(to, 'r+');
  writeSync(fd, Buffer.alloc(size - pageSize, 0xa5), 0, size - pageSize, pageSize);
  closeSync(fd);
}

// SQLite only: backup and restore copy the SQLite file, and the server refuses them on PostgreSQL
// (whose own tools back it up).
describe.skipIf(TEST_POSTGRES_URL !== undefined)('backup and restore', () => {
  let restored: Store | undefined;
  afterAll(async () => {
    await restored?.close();
  });

  it('a backup taken during ingestion restores into a new machine with every accepted event applied once', async () => {
    // The installation, ingesting.
    const liveDir = tempDir('live');
    const livePrefix = newPrefix();
    const live = start(liveDir, livePrefix);
    const url = await live.listening();
    await publishPointsFlow(url);
    const posting = startPosting(url);
    await until(() => posting.accepted.size >= 100, 'the first 100 events');
    // The workers fall behind (paused, as under a burst): events accepted from now on stay pending, so
    // the backup holds work that only the reconciler can hand to the new installation's empty Redis.
    const liveQueues = createQueues({ url: TEST_REDIS_URL, prefix: livePrefix });
    await liveQueues.events.pause();
    await until(() => posting.accepted.size >= 250, '150 more events');

    const backupFile = path.join(tempDir('backups'), 'hourly', 'scoreflow.db');
    const backupStarted = performance.now();
    const acceptedBefore = [...posting.accepted].filter(([, at]) => at < backupStarted).map(([id]) => id);
    const backup = await run(BACKUP, [backupFile], { DATA_DIR: liveDir });
    const backupEnded = performance.now();
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/written and verified/);
    expect(backup.stdout).toMatch(/schema version \d+, integrity ok/);
    expect(backup.stdout).toMatch(/events\s+[\d,]+/);
    expect(readdirSync(path.dirname(backupFile))).toEqual(['scoreflow.db']);
    await until(
      () => [...posting.sent.values()].filter((at) => at > backupEnded).length >= 50,
      'events sent after the backup',
    );

    // No restore over the running installation, with or without --force.
    for (const args of [[backupFile], [backupFile, '--force']]) {
      const refused = await run(RESTORE, args, { DATA_DIR: liveDir, QUEUE_PREFIX: livePrefix });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/restore refused: Scoreflow is running on/);
      expect(refused.stderr).toContain(`pid ${live.child.pid}`);
    }
    expect(readdirSync(liveDir).filter((f) => f.includes('replaced'))).toEqual([]);

    await posting.stop();
    expect(posting.failures).toEqual([]);
    const sentAfter = [...posting.sent].filter(([, at]) => at > backupEnded).map(([id]) => id);
    live.child.kill('SIGTERM');
    expect(await live.exited).toBe(0);
    await liveQueues.close();
    // Its pid file went with it; the data directory still holds the installation.
    expect(readdirSync(path.join(liveDir, 'pids'))).toEqual([]);
    const notEmpty = await run(RESTORE, [backupFile], { DATA_DIR: liveDir, QUEUE_PREFIX: livePrefix });
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toMatch(/is not empty.*--force/s);

    // What the backup holds: a standalone file (no -wal beside it), with events pending at the time of the copy.
    const inBackup = inspectDatabaseFile(backupFile);
    expect(inBackup.pendingEvents).toBeGreaterThan(50);
    expect(existsSync(`${backupFile}-wal`)).toBe(false);

    // A corrupt backup is refused and leaves the target as it was.
    const corrupt = path.join(tempDir('corrupt'), 'bad.db');
    corruptCopy(backupFile, corrupt);
    const corruptTarget = tempDir('corrupt-target');
    const badPrefix = newPrefix();
    const refused = await run(RESTORE, [corrupt], { DATA_DIR: corruptTarget, QUEUE_PREFIX: badPrefix });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /restore failed: .*bad\.db (fails PRAGMA integrity_check|is not a readable)/,
    );
    expect(readdirSync(corruptTarget).filter((f) => f !== 'pids')).toEqual([]);

    // A new machine: an empty data directory and an empty Redis namespace.
    const newDir = tempDir('restored');
    const newPrefix_ = newPrefix();
    mkdirSync(path.join(newDir, 'pids'));
    // A server does not start while a restore is registered there (this test process plays the restore).
    const restoreEntry = path.join(newDir, 'pids', 'restore.json');
    writeFileSync(
      restoreEntry,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        role: 'restore',
        startedAt: new Date().toISOString(),
      }),
    );
    const early = start(newDir, newPrefix_);
    expect(await early.exited).toBe(1);
    expect(early.output()).toMatch(/A restore \(pid \d+ .*\) is replacing the database/);
    expect(existsSync(path.join(newDir, 'scoreflow.db'))).toBe(false);
    rmSync(restoreEntry);
    // The file a crashed process left behind does not block the restore.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.once('exit', r));
    const staleEntry = path.join(newDir, 'pids', 'stale.json');
    writeFileSync(
      staleEntry,
      JSON.stringify({ pid: dead.pid, host: hostname(), role: 'all', startedAt: new Date().toISOString() }),
    );
    // Whatever is in the namespace goes: it would describe some other state of the database.
    const redis = connectRedis(TEST_REDIS_URL);
    await redis.set(`${newPrefix_}:leftover`, '1');

    const restore = await run(RESTORE, [backupFile], { DATA_DIR: newDir, QUEUE_PREFIX: newPrefix_ });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/restored .* into/);
    expect(restore.stdout).toMatch(/deleted 1 Redis keys/);
    expect(await redis.exists(`${newPrefix_}:leftover`)).toBe(0);
    await redis.quit();
    expect(existsSync(staleEntry)).toBe(false);
    expect(readdirSync(newDir).sort()).toEqual(['pids', 'scoreflow.db']);

    restored = await openStore(path.join(newDir, 'scoreflow.db'));
    const store = restored;
    const pendingInBackup = (await store.events.listPending(10_000)).map((e) => e.id);
    expect(pendingInBackup.length).toBe(inBackup.pendingEvents);
    const second = start(newDir, newPrefix_);
    await second.listening();
    await until(
      async () => (await store.events.listPending(1)).length === 0,
      'the pending events of the backup to be processed',
    );

    const { rows: eventRows } = await sql<{
      id: string;
      status: string;
    }>`SELECT id, status FROM events`.execute(store.db);
    const events = new Map(eventRows.map((e) => [e.id, e.status]));
    // Every event accepted before the backup began is there and processed; none sent after it ended is.
    for (const id of acceptedBefore) expect(events.get(id), id).toBe('processed');
    for (const id of sentAfter) expect(events.has(id), id).toBe(false);
    for (const id of pendingInBackup) expect(events.get(id), id).toBe('processed');
    expect([...events.values()].every((s) => s === 'processed')).toBe(true);
    // The new installation's Redis started empty: only the reconciler's start-up pass queued them.
    const reconciled = /"events":(\d+)[^\n]*"full":true[^\n]*reconciled the queues with SQLite/.exec(
      second.output(),
    );
    expect(Number(reconciled?.[1])).toBe(pendingInBackup.length);

    // Each event's effect applied exactly once: one +10 ledger entry and one run per event, and every
    // score equal to its ledger sum.
    const { rows: perEvent } = await sql<{
      id: string | null;
      n: number;
    }>`SELECT event_id AS id, count(*) AS n FROM score_ledger GROUP BY event_id`.execute(store.db);
    expect(perEvent.length).toBe(events.size);
    expect(perEvent.every((row) => row.id !== null && events.has(row.id) && row.n === 1)).toBe(true);
    expect(await store.runs.count({})).toBe(events.size);
    let total = 0;
    for (let c = 0; c < CONTACTS; c++) {
      const contact = await store.contacts.findByEmail(`bk${c}@example.com`);
      if (!contact) throw new Error(`contact bk${c} missing`);
      const score = (await store.scores.get(contact.id, 'SCORE')) ?? 0;
      expect(await store.ledger.sumForContact(contact.id, 'SCORE')).toBe(score);
      total += score;
    }
    expect(total).toBe(events.size * 10);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});

describe('backup and restore with DATABASE_URL', () => {
  it('refuse, pointing at pg_dump and pg_restore, without showing the password', async () => {
    const dataDir = tempDir('pg-refused');
    const env = { DATA_DIR: dataDir, DATABASE_URL: 'postgres://scoreflow:s3cret-pw@127.0.0.1:1/scoreflow' };
    const backup = await run(BACKUP, [path.join(dataDir, 'copy.db')], env);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(/backup refused: DATABASE_URL is set.*pg_dump/s);
    const restore = await run(RESTORE, [path.join(dataDir, 'copy.db')], env);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/restore refused: DATABASE_URL is set.*pg_restore/s);
    for (const { stdout, stderr } of [backup, restore]) expect(stdout + stderr).not.toContain('s3cret-pw');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
