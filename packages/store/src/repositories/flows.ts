import { randomUUID } from 'node:crypto';
import type { FlowDocument } from '@scoreflow/flow';
import type { Selectable } from 'kysely';
import { fromJson, toIso, toJson } from '../codec.js';
import type { Flows, FlowVersions } from '../schema.js';
import type { RepositoryContext } from './context.js';

export type FlowStatus = 'draft' | 'active' | 'paused';

/** A flow with its editable draft document. */
export interface FlowRecord {
  id: string;
  name: string;
  status: FlowStatus;
  document: FlowDocument;
  /** The newest published version, or null before the first publish. */
  latestVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A flow without its document, for lists. */
export type FlowSummary = Omit<FlowRecord, 'document'>;

/** An immutable published version of a flow. */
export interface FlowVersionRecord {
  flowId: string;
  version: number;
  document: FlowDocument;
  publishedAt: string;
}

export type FlowVersionSummary = Omit<FlowVersionRecord, 'document'>;

/** Flows, their drafts and their published versions. */
export interface FlowsRepository {
  /** Creates a draft flow; its name is `document.settings.name`. */
  create(input: { id?: string; document: FlowDocument }): Promise<FlowRecord>;
  /** Every flow, most recently updated first. */
  list(): Promise<FlowSummary[]>;
  get(id: string): Promise<FlowRecord | undefined>;
  /** Replaces the draft document (the name follows it); undefined when the flow does not exist. */
  updateDraft(id: string, document: FlowDocument): Promise<FlowRecord | undefined>;
  /** Deletes the flow with its versions, trigger index rows and runs; false when it did not exist. */
  delete(id: string): Promise<boolean>;
  /** Freezes `document` as the flow's next version (1, 2, ...); undefined when the flow does not exist. */
  publish(id: string, document: FlowDocument): Promise<FlowVersionRecord | undefined>;
  /** Published versions, newest first. */
  listVersions(id: string): Promise<FlowVersionSummary[]>;
  getVersion(id: string, version: number): Promise<FlowVersionRecord | undefined>;
  setStatus(id: string, status: FlowStatus): Promise<FlowRecord | undefined>;
}

type FlowRow = Selectable<Flows>;
type FlowSummaryRow = Pick<FlowRow, (typeof SUMMARY_COLUMNS)[number]>;
type VersionRow = Selectable<FlowVersions>;

const SUMMARY_COLUMNS = ['id', 'name', 'status', 'latest_version', 'created_at', 'updated_at'] as const;

const toSummary = (row: FlowSummaryRow): FlowSummary => ({
  id: row.id,
  name: row.name,
  status: row.status as FlowStatus,
  latestVersion: row.latest_version,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

const toRecord = (row: FlowRow): FlowRecord => ({
  ...toSummary(row),
  document: fromJson<FlowDocument>(row.document),
});

const toVersion = (row: VersionRow): FlowVersionRecord => ({
  flowId: row.flow_id,
  version: row.version,
  document: fromJson<FlowDocument>(row.document),
  publishedAt: toIso(row.published_at),
});

export function createFlowsRepository({ db, now, transaction }: RepositoryContext): FlowsRepository {
  const get = async (id: string): Promise<FlowRecord | undefined> => {
    const row = await db().selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  };

  return {
    async create({ id = randomUUID(), document }) {
      const at = now();
      const row = await db()
        .insertInto('flows')
        .values({
          id,
          name: document.settings.name,
          status: 'draft',
          document: toJson(document),
          latest_version: null,
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    list: async () =>
      (
        await db()
          .selectFrom('flows')
          .select(SUMMARY_COLUMNS)
          .orderBy('updated_at', 'desc')
          .orderBy('rowid', 'desc')
          .execute()
      ).map(toSummary),
    get,
    async updateDraft(id, document) {
      const row = await db()
        .updateTable('flows')
        .set({ document: toJson(document), name: document.settings.name, updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async delete(id) {
      const { numDeletedRows } = await db().deleteFrom('flows').where('id', '=', id).executeTakeFirst();
      return numDeletedRows > 0n;
    },
    publish: (id, document) =>
      transaction(async () => {
        const trx = db();
        const at = now();
        // The flow's own counter numbers the version: the UPDATE holds the row until commit on
        // PostgreSQL (SQLite's BEGIN IMMEDIATE holds the whole file), so a second publisher, even in
        // another process, waits and then counts on from the first. Only this method writes
        // latest_version, always with the version it inserts, so it is the highest version there is.
        const flow = await trx
          .updateTable('flows')
          .set((eb) => ({
            latest_version: eb(eb.fn.coalesce('latest_version', eb.lit(0)), '+', eb.lit(1)),
            updated_at: at,
          }))
          .where('id', '=', id)
          .returning('latest_version')
          .executeTakeFirst();
        const version = flow?.latest_version;
        if (version == null) return undefined;
        await trx
          .insertInto('flow_versions')
          .values({ flow_id: id, version, document: toJson(document), published_at: at })
          .execute();
        return { flowId: id, version, document: structuredClone(document), publishedAt: toIso(at) };
      }),
    listVersions: async (id) =>
      (
        await db()
          .selectFrom('flow_versions')
          .select(['flow_id', 'version', 'published_at'])
          .where('flow_id', '=', id)
          .orderBy('version', 'desc')
          .execute()
      ).map((row) => ({ flowId: row.flow_id, version: row.version, publishedAt: toIso(row.published_at) })),
    async getVersion(id, version) {
      const row = await db()
        .selectFrom('flow_versions')
        .selectAll()
        .where('flow_id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return row && toVersion(row);
    },
    async setStatus(id, status) {
      const row = await db()
        .updateTable('flows')
        .set({ status, updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
  };
}
