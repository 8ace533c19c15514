import { fromJson, toIso } from '../codec.js';
import type { RepositoryContext } from './context.js';
import { stepOutputField } from './flowReport.js';

/** One execution of a Send email step that a frequency cap held back, as the contact page lists it. */
export interface CappedSend {
  runId: string;
  flowId: string;
  flowVersion: number;
  nodeId: string;
  at: string;
  template: string;
  /** "3 emails in the last 24 hours (cap: 3 per 24 hours)" */
  reason: string;
  action: 'skipped' | 'postponed';
  /** Epoch ms the postponed send was due to try again; null for a skipped one. */
  postponedUntil: number | null;
}

/**
 * The sends frequency caps held back, read from the Send email steps' outputs (the engine writes the
 * cap's reason there), so nothing but the step itself is written when a cap applies.
 */
export interface CappedSendsRepository {
  /** Per Send email step of the flow, executions since `sinceMs` held back: skipped or postponed. */
  countsForFlow(
    flowId: string,
    sinceMs: number,
  ): Promise<Record<string, { skipped: number; postponed: number }>>;
  /** The contact's held-back sends, newest first. */
  forContact(contactId: string, limit?: number): Promise<CappedSend[]>;
}

export function createCappedSendsRepository({ db, dialect }: RepositoryContext): CappedSendsRepository {
  const skippedOf = stepOutputField(dialect, 'skipped');
  const cappedOf = stepOutputField(dialect, 'capped');
  const sendSteps = () =>
    db()
      .selectFrom('run_steps')
      .innerJoin('runs', 'runs.id', 'run_steps.run_id')
      .where('run_steps.node_type', '=', 'action.sendEmail')
      .where(cappedOf, 'is not', null);

  return {
    async countsForFlow(flowId, sinceMs) {
      const rows = await sendSteps()
        .select((eb) => [
          'run_steps.node_id as node_id',
          skippedOf.as('skipped'),
          eb.fn.countAll<number | string>().as('count'),
        ])
        .where('runs.flow_id', '=', flowId)
        .where('run_steps.started_at', '>=', sinceMs)
        .groupBy(['run_steps.node_id', skippedOf])
        .execute();
      const out: Record<string, { skipped: number; postponed: number }> = {};
      for (const row of rows) {
        const counts = out[row.node_id] ?? { skipped: 0, postponed: 0 };
        out[row.node_id] = counts;
        if (row.skipped === null) counts.postponed += Number(row.count);
        else counts.skipped += Number(row.count);
      }
      return out;
    },

    async forContact(contactId, limit = 50) {
      const rows = await sendSteps()
        .select([
          'runs.id as run_id',
          'runs.flow_id as flow_id',
          'runs.flow_version as flow_version',
          'run_steps.node_id as node_id',
          'run_steps.started_at as started_at',
          'run_steps.output as output',
        ])
        .where('runs.contact_id', '=', contactId)
        .orderBy('run_steps.started_at', 'desc')
        .orderBy('run_steps.rowid', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => {
        const output = fromJson<{
          template?: string;
          capped?: string;
          skipped?: string;
          postponedUntil?: number;
        }>(row.output);
        return {
          runId: row.run_id,
          flowId: row.flow_id,
          flowVersion: Number(row.flow_version),
          nodeId: row.node_id,
          at: toIso(Number(row.started_at)),
          template: output.template ?? '',
          reason: output.capped ?? '',
          action: output.skipped === undefined ? 'postponed' : 'skipped',
          postponedUntil: output.skipped === undefined ? (output.postponedUntil ?? null) : null,
        };
      });
    },
  };
}
