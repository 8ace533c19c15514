import { buildScoringFlow, hasErrors, type RowNodes, validateFlow } from '@scoreflow/flow';
import type { FlowSummary, ScoringModelRecord, Store } from '@scoreflow/store';
import { AppError, notFound } from '../http/errors.js';
import { diagnosticsAsProblemErrors } from './flows.js';

/** What "Generate flow" did: the flow (created or its draft updated) and what each row became. */
export interface GeneratedFlow {
  model: ScoringModelRecord;
  flow: FlowSummary;
  created: boolean;
  mapping: Record<string, RowNodes>;
}

/**
 * Builds the scoring flow of a model and stores it as a draft: a new flow the first time, the same flow's
 * draft afterwards (its name kept, in case someone renamed it), so a model has one flow to publish.
 * Publishing stays a separate, deliberate step: a generated draft never changes what runs live.
 */
export function generateScoringFlow(store: Store, id: string): GeneratedFlow {
  return store.transaction(() => {
    const record = store.scoringModels.get(id);
    if (!record) throw notFound(`Scoring model ${id}`);
    if (record.model.rows.length === 0) {
      throw new AppError('conflict', 'The model has no rows: add at least one before generating its flow');
    }
    const existing = record.flowId === null ? undefined : store.flows.get(record.flowId);
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
    const flow = existing ? store.flows.updateDraft(existing.id, document) : store.flows.create({ document });
    if (!flow) throw notFound(`Flow ${record.flowId}`);
    const model = store.scoringModels.setGenerated(id, flow.id, mapping);
    if (!model) throw notFound(`Scoring model ${id}`);
    const { document: _doc, ...summary } = flow;
    return { model, flow: summary, created: !existing, mapping };
  });
}
