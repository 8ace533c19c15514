import { type FlowDocument, nodeName } from '@scoreflow/flow';

/** Keys of a step's input that hold a node id: the trigger that started the run, the step retried. */
const NODE_KEYS = new Set(['trigger', 'retry']);

/**
 * A step's input as a person reads it: node ids become the node's name ("Pricing viewed (Event)")
 * and values that say nothing (no event on a resume by timer) are left out. The raw JSON keeps the
 * ids for whoever needs them.
 */
export function readableStepInput(input: unknown, document: FlowDocument | null): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined || value === '') continue;
    out[key] = NODE_KEYS.has(key) && typeof value === 'string' ? nodeName(document, value).text : value;
  }
  return out;
}
