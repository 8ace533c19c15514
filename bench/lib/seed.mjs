import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { activateFlow } from '@scoreflow/runtime/testing';
import { openStore, sql } from '@scoreflow/store';
import { createPostgresSchema } from '@scoreflow/store/testing';

/** The event every bench contact sends; five flows start on it. */
export const CLICK = 'email.clicked';

/**
 * The lead-scoring flow of the bench: trigger → condition → add points → add to list. The condition keeps
 * every contact in (SCORE < 1,000,000) so that each run does the whole path.
 * @param {string} name
 * @param {string} event
 */
export function leadScoringFlow(name, event) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' } },
    nodes: [
      {
        id: 'trigger',
        type: 'trigger.event',
        position: { x: 0, y: 0 },
        config: { event, where: [{ property: 'campaign', op: 'eq', value: 'welcome' }] },
      },
      {
        id: 'check',
        type: 'condition.score',
        position: { x: 0, y: 120 },
        config: { score: 'SCORE', op: '<', value: 1_000_000 },
      },
      {
        id: 'points',
        type: 'action.adjustScore',
        position: { x: 0, y: 240 },
        config: { score: 'SCORE', delta: 10 },
      },
      {
        id: 'list',
        type: 'action.addToList',
        position: { x: 0, y: 360 },
        config: { list: 'Qualified leads' },
      },
      { id: 'out', type: 'control.exit', position: { x: 200, y: 240 }, config: { reason: 'scored out' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'points' },
      { id: 'e3', source: 'check', sourceHandle: 'no', target: 'out' },
      { id: 'e4', source: 'points', target: 'list' },
    ],
  };
}

/**
 * Activates `total` flows of which `matching` start on CLICK; the others listen to event types that the
 * bench never sends, so an event matches exactly `matching` flows whatever the total.
 * @param {import('@scoreflow/store').Store} store
 * @param {number} total
 * @param {number} matching
 */
export async function seedFlows(store, total, matching) {
  const ids = [];
  await store.transaction(async () => {
    for (let i = 0; i < total; i += 1) {
      const event = i < matching ? CLICK : `page.visited.${i}`;
      ids.push(await activateFlow(store, leadScoringFlow(`bench flow ${i}`, event)));
    }
  });
  return ids;
}

/** @param {number} i */
export const contactEmail = (i) => `c${i}@bench.test`;

/**
 * Creates contacts `c0@bench.test` … (the product's own upsert), 5,000 per transaction.
 * @param {import('@scoreflow/store').Store} store
 * @param {number} count
 */
export async function seedContacts(store, count) {
  const ids = [];
  for (let from = 0; from < count; from += 5_000) {
    await store.transaction(async () => {
      for (let i = from; i < Math.min(count, from + 5_000); i += 1)
        ids.push((await store.contacts.upsertByIdentity({ email: contactEmail(i) })).contact.id);
    });
  }
  return ids;
}

/**
 * A click from a random one of `contacts` contacts, in the shape clients POST.
 * @param {number} contacts
 */
export function clickEvent(contacts) {
  return {
    id: randomUUID(),
    type: CLICK,
    contact: { email: contactEmail(Math.floor(Math.random() * contacts)) },
    properties: { campaign: 'welcome', link: 'https://example.com/pricing' },
  };
}

/** The PostgreSQL server of the machine (trust auth); `BENCH_POSTGRES_URL` overrides it. */
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A temporary data directory with a fresh (migrated) store: a SQLite file in it, or with
 * `{ postgres: true }` a schema of its own on the PostgreSQL server (`databaseUrl` is what the product's
 * processes get as DATABASE_URL). `remove()` deletes both.
 */
export async function tempStore({ postgres = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-bench-'));
  const file = path.join(dir, 'scoreflow.db');
  const schema = postgres ? await createPostgresSchema(POSTGRES_URL, 'bench') : undefined;
  const databaseUrl = schema?.location;
  const store = await openStore(databaseUrl ?? file);
  return {
    dir,
    file,
    store,
    databaseUrl,
    /** The raw SQLite connection (SQLite only): floor, snapshots, pragmas. */
    sqlite: store.database.sqlite,
    /** `SELECT count(*)` of `from` (a table and its WHERE), on either database. */
    async count(from) {
      const { rows } = await sql.raw(`SELECT count(*) AS n FROM ${from}`).execute(store.db);
      return Number(rows[0]?.n ?? 0);
    },
    /** The database's size on disk: the main file plus its write-ahead log. */
    bytes() {
      const size = (f) => {
        try {
          return statSync(f).size;
        } catch {
          return 0;
        }
      };
      return size(file) + size(`${file}-wal`);
    },
    async remove() {
      await store.close().catch(() => undefined);
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A queue prefix no other run uses. */
export const uniquePrefix = (what) => `bench-${what}-${randomUUID().slice(0, 8)}`;
