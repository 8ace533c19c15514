import { type FlowDocument, nodeName } from '@scoreflow/flow';

/**
 * A "move" action (contacts moved to a newer version on publish) as a sentence with step names:
 * "Moved from version 1 to version 2 (at Wait)", "…, sent to Nudge: its step is gone", "…, taken
 * out: its step is gone". Null when the detail is not a move's. `doc` is the version the run is on
 * now, where the step it stayed at or was sent to is.
 */
export function moveSentence(
  detail: Record<string, unknown> | null,
  doc: FlowDocument | null,
): string | null {
  if (typeof detail?.fromVersion !== 'number' || typeof detail.toVersion !== 'number') return null;
  const moved = `Moved from version ${detail.fromVersion} to version ${detail.toVersion}`;
  if (detail.exited === true) return `${moved}, taken out: its step is gone`;
  if (typeof detail.toNode === 'string')
    return `${moved}, sent to ${nodeName(doc, detail.toNode).name}: its step is gone`;
  if (typeof detail.fromNode === 'string') return `${moved} (at ${nodeName(doc, detail.fromNode).name})`;
  return moved;
}
