import { checkEmailTemplates, type Diagnostic, type EmailCatalog, validateFlow } from '@scoreflow/flow';
import { toDocument } from './convert.js';
import type { Snapshot } from './types.js';

/** The worst finding on one element; errors outrank warnings. */
export type IssueLevel = 'error' | 'warning';

function issuesBy(diags: readonly Diagnostic[], key: 'nodeId' | 'edgeId'): Record<string, IssueLevel> {
  const out: Record<string, IssueLevel> = {};
  for (const d of diags) {
    const id = d[key];
    if (!id) continue;
    if (d.severity === 'error' || out[id] === undefined) out[id] = d.severity;
  }
  return out;
}

/**
 * Runs the shared validation on a canvas state and indexes the findings by node and edge. With the
 * installation's email catalog, Send email steps are checked against its templates as publishing does.
 */
export function diagnose(s: Snapshot, emailCatalog?: EmailCatalog | null) {
  const document = toDocument(s);
  const diagnostics = emailCatalog
    ? [...validateFlow(document), ...checkEmailTemplates(document, emailCatalog)]
    : validateFlow(document);
  return {
    diagnostics,
    nodeIssues: issuesBy(diagnostics, 'nodeId'),
    edgeIssues: issuesBy(diagnostics, 'edgeId'),
  };
}
