// Fixtures shared by this package's tests (not exported from the package).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowDocument } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from './store.js';
import { createTestDatabase } from './testing.js';

/** A temporary directory for one test file; `cleanup` removes it with every database in it. */
export function tempDir(prefix = 'scoreflow-store-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let count = 0;
  return {
    dir,
    /** A fresh database file path in the directory. */
    file: (name = 'db') => join(dir, `${name}-${++count}.sqlite`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type TestClock = ReturnType<typeof testClock>;

/** A clock that only moves when told to. */
export function testClock(start = Date.UTC(2026, 0, 1)) {
  let current = start;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    set: (ms: number) => {
      current = ms;
    },
  };
}

export const DAY_MS = 86_400_000;

/** A small valid flow: "link clicked -> add 10 to SCORE". */
export function flowDocument(name = 'Welcome scoring', delta = 10): FlowDocument {
  return flow(
    [
      node('n1', 'trigger.event', { event: 'email.clicked' }),
      node('n2', 'action.adjustScore', { score: 'SCORE', delta }),
    ],
    ['n1>n2'],
    { name },
  );
}

/**
 * Opens a store on a new database (a file in `dir`, or a schema of its own on PostgreSQL when
 * SCOREFLOW_TEST_POSTGRES is set) with a test clock; closing it removes a PostgreSQL schema.
 */
export async function openTestStore(dir: ReturnType<typeof tempDir>, clock = testClock()): Promise<Store> {
  const database = await createTestDatabase(dir.dir, `db-${randomUUID()}.sqlite`);
  const store = await openStore(database.location, { now: clock.now });
  const close = store.close;
  store.close = async () => {
    await close();
    await database.drop();
  };
  return store;
}

/**
 * A store on a new file with a new test clock for each test of the file or describe block that calls
 * this, closed after the test; the getters return the current ones. `tmp` is the file's temporary
 * directory, removed after its last test.
 */
export function useTestStore(prefix?: string) {
  const tmp = tempDir(prefix);
  afterAll(() => tmp.cleanup());
  let current: { store: Store; clock: TestClock } | undefined;
  beforeEach(async () => {
    const clock = testClock();
    current = { clock, store: await openTestStore(tmp, clock) };
  });
  afterEach(async () => {
    await current?.store.close();
    current = undefined;
  });
  const get = () => {
    if (!current) throw new Error('The test store exists only while a test runs');
    return current;
  };
  return { tmp, store: () => get().store, clock: () => get().clock };
}

/** A published flow and a contact, the minimum a run needs. */
export async function seedRunPrerequisites(store: Store, email = 'ann@example.com') {
  const flow = await store.flows.create({ document: flowDocument() });
  const version = await store.flows.publish(flow.id, flow.document);
  if (!version) throw new Error('publish failed');
  const { contact } = await store.contacts.upsertByIdentity({ email });
  return { flow, version, contact };
}
