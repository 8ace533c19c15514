import { randomUUID } from 'node:crypto';
import type { FlowDocument } from '@scoreflow/flow';
import { fromJson, toIso, toJson } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  create(input: { id?: string; document: FlowDocument }): FlowRecord;
  /** Every flow, most recently updated first. */
  list(): FlowSummary[];
  get(id: string): FlowRecord | undefined;
  /** Replaces the draft document (the name follows it); undefined when the flow does not exist. */
  updateDraft(id: string, document: FlowDocument): FlowRecord | undefined;
  /** Deletes the flow with its versions, trigger index rows and runs; false when it did not exist. */
  delete(id: string): boolean;
  /** Freezes `document` as the flow's next version (1, 2, ...); undefined when the flow does not exist. */
  publish(id: string, document: FlowDocument): FlowVersionRecord | undefined;
  /** Published versions, newest first. */
  listVersions(id: string): FlowVersionSummary[];
  getVersion(id: string, version: number): FlowVersionRecord | undefined;
  setStatus(id: string, status: FlowStatus): FlowRecord | undefined;
}

interface FlowRow {
  id: string;
  name: string;
  status: FlowStatus;
  document: string;
  latest_version: number | null;
  created_at: number;
  updated_at: number;
}

type FlowSummaryRow = Omit<FlowRow, 'document'>;

interface VersionRow {
  flow_id: string;
  version: number;
  document: string;
  published_at: number;
}

const toSummary = (row: FlowSummaryRow): FlowSummary => ({
  id: row.id,
  name: row.name,
  status: row.status,
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

const SUMMARY_COLUMNS = 'id, name, status, latest_version, created_at, updated_at';

export function createFlowsRepository({ db, now }: LegacyRepositoryContext): FlowsRepository {
  const insert = db.prepare(
    `INSERT INTO flows (id, name, status, document, latest_version, created_at, updated_at)
     VALUES (@id, @name, 'draft', @document, NULL, @now, @now)`,
  );
  const selectOne = db.prepare<[string], FlowRow>('SELECT * FROM flows WHERE id = ?');
  const selectAll = db.prepare<[], FlowSummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM flows ORDER BY updated_at DESC, rowid DESC`,
  );
  const updateDocument = db.prepare(
    'UPDATE flows SET document = @document, name = @name, updated_at = @now WHERE id = @id',
  );
  const updateStatus = db.prepare('UPDATE flows SET status = @status, updated_at = @now WHERE id = @id');
  const remove = db.prepare('DELETE FROM flows WHERE id = ?');
  const nextVersion = db.prepare<[string], { next: number }>(
    'SELECT coalesce(max(version), 0) + 1 AS next FROM flow_versions WHERE flow_id = ?',
  );
  const insertVersion = db.prepare(
    `INSERT INTO flow_versions (flow_id, version, document, published_at)
     VALUES (@flowId, @version, @document, @now)`,
  );
  const setLatest = db.prepare(
    'UPDATE flows SET latest_version = @version, updated_at = @now WHERE id = @flowId',
  );
  const selectVersions = db.prepare<[string], Omit<VersionRow, 'document'>>(
    'SELECT flow_id, version, published_at FROM flow_versions WHERE flow_id = ? ORDER BY version DESC',
  );
  const selectVersion = db.prepare<[string, number], VersionRow>(
    'SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?',
  );

  const get = (id: string): FlowRecord | undefined => {
    const row = selectOne.get(id);
    return row && toRecord(row);
  };

  // IMMEDIATE takes the write lock before reading the version number, so two publishers (even in two
  // processes) cannot both pick the same next version.
  const publish = db.transaction((id: string, document: FlowDocument): FlowVersionRecord | undefined => {
    if (!selectOne.get(id)) return undefined;
    const version = nextVersion.get(id)?.next ?? 1;
    const at = now();
    insertVersion.run({ flowId: id, version, document: toJson(document), now: at });
    setLatest.run({ flowId: id, version, now: at });
    return { flowId: id, version, document: structuredClone(document), publishedAt: toIso(at) };
  });

  return {
    create({ id = randomUUID(), document }) {
      insert.run({ id, name: document.settings.name, document: toJson(document), now: now() });
      return get(id) as FlowRecord;
    },
    list: () => selectAll.all().map(toSummary),
    get,
    updateDraft(id, document) {
      const { changes } = updateDocument.run({
        id,
        name: document.settings.name,
        document: toJson(document),
        now: now(),
      });
      return changes === 0 ? undefined : get(id);
    },
    delete: (id) => remove.run(id).changes > 0,
    publish: (id, document) => publish.immediate(id, document),
    listVersions: (id) =>
      selectVersions.all(id).map((row) => ({
        flowId: row.flow_id,
        version: row.version,
        publishedAt: toIso(row.published_at),
      })),
    getVersion(id, version) {
      const row = selectVersion.get(id, version);
      return row && toVersion(row);
    },
    setStatus(id, status) {
      const { changes } = updateStatus.run({ id, status, now: now() });
      return changes === 0 ? undefined : get(id);
    },
  };
}
