import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectRedis, createIngestor, createQueues } from '@scoreflow/runtime';
import { activateFlow, flows, TEST_REDIS_URL } from '@scoreflow/runtime/testing';
import { openStore, type Store } from '@scoreflow/store';
import { createTestDatabase, type TestDatabase } from '@scoreflow/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv, MAIN, startServer, until } from './testing/processes.js';

// Real worker processes (`--role worker`, as an operator runs them) sharing one database: the SQLite
// file in DATA_DIR, or a PostgreSQL schema when the suite runs on PostgreSQL.
const EVENTS = 1_000;
const CONTACTS = 40;

const dataDir = mkdtempSync(path.join(tmpdir(), 'scoreflow-procs-'));
const prefix = `procs-${randomUUID()}`;
let database: TestDatabase;
let store: Store;
let queues: ReturnType<typeof createQueues>;
const children: ChildProcess[] = [];

const startWorker = () =>
  startServer(
    'worker',
    {
      DATA_DIR: dataDir,
      ...databaseEnv(database),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKER_LOCK_MS: '2000',
      LOG_LEVEL: 'warn',
    },
    children,
  );

const pendingCount = async () => (await store.events.listPending(EVENTS + 1)).length;

beforeAll(async () => {
  expect(existsSync(MAIN), `${MAIN} is missing: run "npx tsc -b" first`).toBe(true);
  // The file the workers open under DATA_DIR on SQLite.
  database = await createTestDatabase(dataDir, 'scoreflow.db');
  store = await openStore(database.location);
  queues = createQueues({ url: TEST_REDIS_URL, prefix });
  await activateFlow(store, flows.points('email.clicked', 3));
  await activateFlow(store, flows.points('email.opened', 1));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await queues.close();
  // Leave the shared Redis as we found it: every key under this test's prefix goes.
  const redis = connectRedis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await store?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('worker processes on one host', () => {
  it('a worker killed with SIGKILL in the middle of 1,000 events loses none and applies none twice', async () => {
    const first = startWorker();
    const second = startWorker();
    const ingest = createIngestor({ store, queues });
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      id: `kill-${i}`,
      type: i % 3 === 0 ? 'email.clicked' : 'email.opened',
      contact: { email: `c${i % CONTACTS}@example.com` },
    }));
    for (let i = 0; i < EVENTS; i += 250) {
      const results = await ingest(events.slice(i, i + 250));
      expect(results.every((r) => r.status === 'accepted')).toBe(true);
    }

    await until(async () => (await pendingCount()) < EVENTS * 0.7, 'some events to be processed', 60_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const third = startWorker();

    await until(async () => (await pendingCount()) === 0, 'every event to be processed', 60_000);
    for (const event of events) expect((await store.events.get(event.id))?.status).toBe('processed');
    // One flow matches each event: exactly one run per event, none twice.
    expect(await store.runs.count({})).toBe(EVENTS);
    let total = 0;
    for (let c = 0; c < CONTACTS; c++) {
      const contact = await store.contacts.findByEmail(`c${c}@example.com`);
      if (!contact) throw new Error(`contact c${c} missing`);
      const score = (await store.scores.get(contact.id, 'SCORE')) ?? 0;
      expect(await store.ledger.sumForContact(contact.id, 'SCORE')).toBe(score);
      total += score;
    }
    const clicks = events.filter((e) => e.type === 'email.clicked').length;
    expect(total).toBe(clicks * 3 + (EVENTS - clicks));

    // The killed worker's jobs stay active until their locks expire and a live worker takes them back;
    // their events may be done already (it can die between its commit and telling BullMQ), so under
    // load that can come after the last event is processed.
    await until(
      async () => (await queues.events.getJobCounts('active')).active === 0,
      "the killed worker's jobs to be taken back",
      60_000,
    );
    // SIGTERM drains: the workers finish what they hold and exit cleanly, leaving no job active.
    second.child.kill('SIGTERM');
    third.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await third.exited).toBe(0);
    const counts = await queues.events.getJobCounts('active', 'wait', 'delayed', 'failed');
    expect(counts).toEqual({ active: 0, wait: 0, delayed: 0, failed: 0 });
    expect(second.output()).not.toMatch(/SQLITE_BUSY/);
  });
});
