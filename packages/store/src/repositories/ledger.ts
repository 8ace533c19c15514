import { type Insertable, type QueryCreator, type Selectable, sql } from 'kysely';
import { batches } from '../batches.js';
import { toIso } from '../codec.js';
import { numberedValues, prepare, prepareByCount } from '../prepared.js';
import type { DB, ScoreLedger } from '../schema.js';
import type { RepositoryContext } from './context.js';
import { onScoreConflict, scoreUpsert } from './scores.js';

/** What changed a score; `fit` is an attribute rule of a scoring model (the note names it). */
export type LedgerCause = 'flow' | 'decay' | 'manual' | 'exit' | 'merge' | 'fit';

/** One score change and why it happened: the answer to "why is this contact at 45?". */
export interface LedgerEntry {
  id: number;
  contactId: string;
  score: string;
  delta: number;
  /** The score's value after this change. */
  value: number;
  causeKind: LedgerCause;
  flowId: string | null;
  flowVersion: number | null;
  nodeId: string | null;
  runId: string | null;
  eventId: string | null;
  /** Who made a manual change. */
  actor: string | null;
  note: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  /** The contact the row was written for, when it came here with that contact's merge. */
  mergedFrom: string | null;
}

export interface NewLedgerEntry {
  contactId: string;
  score: string;
  delta: number;
  value: number;
  causeKind: LedgerCause;
  flowId?: string | null;
  flowVersion?: number | null;
  nodeId?: string | null;
  runId?: string | null;
  eventId?: string | null;
  actor?: string | null;
  note?: string | null;
}

export interface LedgerRepository {
  append(entry: NewLedgerEntry): Promise<LedgerEntry>;
  /** `append` for many entries (an import's batch), in a few statements, in order. */
  appendMany(entries: readonly NewLedgerEntry[]): Promise<void>;
  /**
   * Appends unless an entry with `key` exists (e.g. `decay:<contact>:<score>:<period>`); undefined then,
   * and the caller must not change the score either. Makes a decay that runs twice apply once.
   */
  appendOnce(key: string, entry: NewLedgerEntry): Promise<LedgerEntry | undefined>;
  /**
   * A score change: `append` (or with `key`, `appendOnce`) and the contact's score set to the entry's
   * value, both or neither (undefined when the key was applied before). One statement on PostgreSQL,
   * where every statement is a round trip; two on SQLite.
   */
  appendWithScore(entry: NewLedgerEntry, key?: string): Promise<LedgerEntry | undefined>;
  /** The contact's entries, newest first; `beforeId` pages further back. */
  listForContact(
    contactId: string,
    options?: { score?: string | undefined; limit?: number | undefined; beforeId?: number | undefined },
  ): Promise<LedgerEntry[]>;
  /**
   * Gains (flow or manual, delta > 0) of `score` made before `beforeMs` whose expiry (an entry keyed
   * `expire:<id>`) has not been written yet, oldest first: what an "expire after N days" decay takes back.
   */
  listExpirable(score: string, beforeMs: number, limit?: number): Promise<LedgerEntry[]>;
  /** Points gained (positive deltas) by the contact from one step of one flow since `sinceMs`. */
  gainsFromNode(contactId: string, flowId: string, nodeId: string, sinceMs: number): Promise<number>;
  /** Sum of the deltas of the contact's score: equals the score when every change was recorded. */
  sumForContact(contactId: string, score: string): Promise<number>;
}

type LedgerRow = Selectable<ScoreLedger>;

/** The columns a new ledger row is written with (see `toRow`). */
const LEDGER_COLUMNS = [
  'contact_id',
  'score',
  'delta',
  'value',
  'cause_kind',
  'flow_id',
  'flow_version',
  'node_id',
  'run_id',
  'event_id',
  'actor',
  'note',
  'idempotency_key',
  'created_at',
] as const;

const toEntry = (row: LedgerRow): LedgerEntry => ({
  id: row.id as number,
  contactId: row.contact_id,
  score: row.score,
  delta: row.delta,
  value: row.value,
  causeKind: row.cause_kind as LedgerCause,
  flowId: row.flow_id,
  flowVersion: row.flow_version,
  nodeId: row.node_id,
  runId: row.run_id,
  eventId: row.event_id,
  actor: row.actor,
  note: row.note,
  idempotencyKey: row.idempotency_key,
  createdAt: toIso(row.created_at),
  mergedFrom: row.merged_from ?? null,
});

export function createLedgerRepository(ctx: RepositoryContext): LedgerRepository {
  const { db, now } = ctx;
  // One row per score change of every event's processing.
  const insertRow = (db: QueryCreator<DB>, p: Insertable<ScoreLedger>) =>
    db
      .insertInto('score_ledger')
      .values({
        contact_id: p.contact_id,
        score: p.score,
        delta: p.delta,
        value: p.value,
        cause_kind: p.cause_kind,
        flow_id: p.flow_id,
        flow_version: p.flow_version,
        node_id: p.node_id,
        run_id: p.run_id,
        event_id: p.event_id,
        actor: p.actor,
        note: p.note,
        idempotency_key: p.idempotency_key,
        created_at: p.created_at,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll();
  const insert = prepare(ctx, insertRow);
  // A job's score changes, or an import's, in one statement per batch: the rows' values under the
  // column + row number.
  const insertMany = prepareByCount(ctx, (db, p: Record<string, unknown>, count) =>
    db
      .insertInto('score_ledger')
      .values(
        Array.from(
          { length: count },
          (_, i) =>
            Object.fromEntries(
              LEDGER_COLUMNS.map((column) => [column, p[`${column}${i}`]]),
            ) as Insertable<ScoreLedger>,
        ),
      ),
  );
  const setScore = prepare(ctx, scoreUpsert);
  // PostgreSQL: the ledger insert and the score upsert in one statement (a data-modifying WITH); the
  // score is set only from a row the insert returned, so a key applied before changes neither.
  const insertWithScore = prepare(ctx, (db, p: Insertable<ScoreLedger>) =>
    db
      .with('entry', (db) => insertRow(db, p))
      .with('score', (db) =>
        db
          .insertInto('scores')
          .columns(['contact_id', 'name', 'value', 'updated_at'])
          .expression((eb) => eb.selectFrom('entry').select(['contact_id', 'score', 'value', 'created_at']))
          .onConflict(onScoreConflict),
      )
      .selectFrom('entry')
      .selectAll(),
  );
  const toRow = (key: string | null, entry: NewLedgerEntry, at: number): Insertable<ScoreLedger> => ({
    contact_id: entry.contactId,
    score: entry.score,
    delta: entry.delta,
    value: entry.value,
    cause_kind: entry.causeKind,
    flow_id: entry.flowId ?? null,
    flow_version: entry.flowVersion ?? null,
    node_id: entry.nodeId ?? null,
    run_id: entry.runId ?? null,
    event_id: entry.eventId ?? null,
    actor: entry.actor ?? null,
    note: entry.note ?? null,
    idempotency_key: key,
    created_at: at,
  });
  const write = async (key: string | null, entry: NewLedgerEntry): Promise<LedgerEntry | undefined> => {
    const row = await insert.first(toRow(key, entry, now()));
    return row && toEntry(row);
  };

  // The sum of no rows is 0, not NULL (what SQLite's total() gave).
  const sumOfDeltas = () =>
    db()
      .selectFrom('score_ledger')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.lit(0)).as('total'));

  return {
    append: async (entry) => (await write(null, entry)) as LedgerEntry,
    appendOnce: (key, entry) => write(key, entry),
    async appendWithScore(entry, key) {
      if (ctx.dialect === 'postgres') {
        const row = await insertWithScore.first(toRow(key ?? null, entry, now()));
        return row && toEntry(row as LedgerRow);
      }
      const written = await write(key ?? null, entry);
      if (written)
        await setScore.execute({
          contactId: entry.contactId,
          name: entry.score,
          value: entry.value,
          at: now(),
        });
      return written;
    },
    async appendMany(entries) {
      const at = now();
      for (const part of batches(entries)) {
        await insertMany(part.length).execute(numberedValues(part.map((entry) => toRow(null, entry, at))));
      }
    },
    listForContact: async (contactId, { score, limit = 100, beforeId } = {}) =>
      (
        await db()
          .selectFrom('score_ledger')
          .selectAll()
          .where('contact_id', '=', contactId)
          .$if(score !== undefined, (q) => q.where('score', '=', score as string))
          .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId as number))
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      ).map(toEntry),
    listExpirable: async (score, beforeMs, limit = 1_000) =>
      (
        await db()
          .selectFrom('score_ledger as l')
          .selectAll('l')
          .where('l.score', '=', score)
          .where('l.delta', '>', 0)
          .where('l.cause_kind', 'in', ['flow', 'manual'])
          .where('l.created_at', '<', beforeMs)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('score_ledger as x')
                  .select((eb) => eb.lit(1).as('one'))
                  .where('x.idempotency_key', '=', sql<string>`'expire:' || l.id`),
              ),
            ),
          )
          .orderBy('l.id')
          .limit(limit)
          .execute()
      ).map(toEntry),
    gainsFromNode: async (contactId, flowId, nodeId, sinceMs) =>
      (
        await sumOfDeltas()
          .where('contact_id', '=', contactId)
          .where('flow_id', '=', flowId)
          .where('node_id', '=', nodeId)
          .where('delta', '>', 0)
          .where('created_at', '>=', sinceMs)
          .executeTakeFirstOrThrow()
      ).total,
    sumForContact: async (contactId, score) =>
      (
        await sumOfDeltas()
          .where('contact_id', '=', contactId)
          .where('score', '=', score)
          .executeTakeFirstOrThrow()
      ).total,
  };
}
