import {
  buildScoringFlow,
  hasErrors,
  type RowNodes,
  type ScoringModel,
  unmappedRows,
  validateFlow,
} from '@scoreflow/flow';
import type { FlowSummary, ScoringModelRecord, Store } from '@scoreflow/store';
import { AppError, notFound, type ProblemError } from '../http/errors.js';
import { diagnosticsAsProblemErrors } from './flows.js';

/** What "Generate flow" did: the flow (created or its draft updated) and what each row became. */
export interface GeneratedFlow {
  model: ScoringModelRecord;
  flow: FlowSummary;
  created: boolean;
  mapping: Record<string, RowNodes>;
}

/** Assets named in a refusal's detail; the errors list has every row. */
const NAMED_IN_DETAIL = 5;

/**
 * The refusal to build a flow while rows are unmapped: a flow without those rows would silently score
 * less than the sheet says, so each row is named, with a pointer to the event it still needs.
 */
function unmappedRefusal(model: ScoringModel): AppError | undefined {
  const unmapped = unmappedRows(model);
  if (unmapped.length === 0) return undefined;
  const errors: ProblemError[] = unmapped.map(({ index, row }) => ({
    pointer: `/rows/${index}/event`,
    code: 'unmapped_row',
    message: `"${row.asset}" is not mapped to an event: choose the event type it stands for`,
    rowId: row.id,
    asset: row.asset,
  }));
  const names = unmapped.slice(0, NAMED_IN_DETAIL).map(({ row }) => `"${row.asset}"`);
  const more = unmapped.length - names.length;
  const detail =
    `${unmapped.length} row(s) are not mapped to an event yet: ${names.join(', ')}` +
    (more > 0 ? ` and ${more} more` : '');
  return new AppError('flow_invalid', detail, errors);
}

/**
 * Builds the scoring flow of a model and stores it as a draft: a new flow the first time, the same flow's
 * draft afterwards (its name kept, in case someone renamed it), so a model has one flow to publish.
 * Publishing stays a separate, deliberate step: a generated draft never changes what runs live.
 */
export function generateScoringFlow(store: Store, id: string): Promise<GeneratedFlow> {
  return store.transaction(async () => {
    const record = await store.scoringModels.get(id);
    if (!record) throw notFound(`Scoring model ${id}`);
    if (record.model.rows.length === 0) {
      throw new AppError('conflict', 'The model has no rows: add at least one before generating its flow');
    }
    const refusal = unmappedRefusal(record.model);
    if (refusal) throw refusal;
    const existing = record.flowId === null ? undefined : await store.flows.get(record.flowId);
    const { document, mapping } = buildScoringFlow(record.model, existing ? { flowName: existing.name } : {});
    const diagnostics = validateFlow(document);
    // The builder only writes valid documents; this guards a catalog change breaking that promise.
    if (hasErrors(diagnostics)) {
      throw new AppError(
        'flow_invalid',
        'The generated flow has errors',
        diagnosticsAsProblemErrors(diagnostics),
      );
    }
    const flow = existing
      ? await store.flows.updateDraft(existing.id, document)
      : await store.flows.create({ document });
    if (!flow) throw notFound(`Flow ${record.flowId}`);
    const model = await store.scoringModels.setGenerated(id, flow.id, mapping);
    if (!model) throw notFound(`Scoring model ${id}`);
    const { document: _doc, ...summary } = flow;
    return { model, flow: summary, created: !existing, mapping };
  });
}

/** How many stored events a suggestion list offers at most: the long tail is typed by hand. */
const MAX_SUGGESTIONS = 200;
/** The furthest a JavaScript date reaches either side of 1970. */
const MAX_DATE_MS = 8.64e15;

/** The event types seen in the stored events, most frequent first, and which rows already use each. */
export async function eventSuggestions(store: Store, model: ScoringModel) {
  const usedBy = new Map<string, string[]>();
  for (const row of model.rows) {
    if (row.event !== null) usedBy.set(row.event, [...(usedBy.get(row.event) ?? []), row.id]);
  }
  return (await store.events.typeCounts(MAX_SUGGESTIONS)).map(({ type, count, lastAt }) => ({
    type,
    count,
    // Clamped: an occurrence stored before ingestion checked timestamps may lie outside a date's range.
    lastSeenAt: new Date(Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, lastAt))).toISOString(),
    rows: usedBy.get(type) ?? [],
  }));
}
