import { getNodeDefinition } from './catalog.js';
import type { FlowDocument, FlowEdge, FlowNode, FlowSettings } from './document.js';
import { sourceHandleOf } from './validation/edges.js';
import { nodeNamer } from './validation/names.js';

/** A step that is in one version and not the other, named as the canvas shows it. */
export interface StepRef {
  nodeId: string;
  name: string;
}

/** A step in both versions whose behaviour differs. */
export interface ChangedStep extends StepRef {
  /** The name it had before, when its label changed. */
  renamedFrom?: string;
  /** Its type changed (a step replaced in place by a pasted one with the same id). */
  typeChanged: boolean;
  /** Config values that differ, in the order the new config lists their keys. */
  fields: ValueChange[];
}

/** One value before and after; `undefined` when the key is not set on that side. */
export interface ValueChange<K extends string = string> {
  key: K;
  before: unknown;
  after: unknown;
}

/** A connection in one version and not the other: "from → to", through a handle when it has several. */
export interface ConnectionRef {
  from: string;
  to: string;
  handle: string;
}

/** The flow-level settings that can change; each one changes how contacts move, not just how it looks. */
export type SettingKey = keyof FlowSettings;

/** What publishing a draft changes compared with the version before it. */
export interface FlowDiff {
  added: StepRef[];
  removed: StepRef[];
  changed: ChangedStep[];
  connectionsAdded: ConnectionRef[];
  connectionsRemoved: ConnectionRef[];
  settings: ValueChange<SettingKey>[];
  /** Steps that only moved on the canvas. */
  moved: number;
}

/** Structural equality for JSON values; `undefined` and a missing key are the same thing. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!sameJson(ra[key], rb[key])) return false;
  return true;
}

const label = (n: FlowNode) => n.label?.trim() ?? '';
const edgeKey = (e: FlowEdge) => `${e.source}\u0000${sourceHandleOf(e)}\u0000${e.target}`;

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): ValueChange[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => !sameJson(before[k], after[k]))
    .map((key) => ({ key, before: before[key], after: after[key] }));
}

/**
 * What changes between two versions of a flow, with steps matched by id (ids survive edits; labels
 * and places do not). Connections are compared by their ends and handle, not their ids, so a
 * connection drawn again the same way is no change.
 */
export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const defOf = (type: string) => getNodeDefinition(type);
  const nameBefore = nodeNamer(before.nodes, defOf);
  const nameAfter = nodeNamer(after.nodes, defOf);
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const diff: FlowDiff = {
    added: [],
    removed: [],
    changed: [],
    connectionsAdded: [],
    connectionsRemoved: [],
    settings: [],
    moved: 0,
  };

  for (const node of after.nodes) {
    const prev = old.get(node.id);
    if (prev === undefined) {
      diff.added.push({ nodeId: node.id, name: nameAfter(node) });
      continue;
    }
    const typeChanged = prev.type !== node.type;
    const fields = changedFields(prev.config, node.config);
    const relabelled = label(prev) !== label(node);
    if (typeChanged || fields.length > 0 || relabelled) {
      const step: ChangedStep = { nodeId: node.id, name: nameAfter(node), typeChanged, fields };
      if (relabelled) step.renamedFrom = nameBefore(prev);
      diff.changed.push(step);
    } else if (!sameJson(prev.position, node.position)) {
      diff.moved += 1;
    }
  }
  for (const node of before.nodes) {
    if (!now.has(node.id)) diff.removed.push({ nodeId: node.id, name: nameBefore(node) });
  }

  const connection = (e: FlowEdge, nodes: Map<string, FlowNode>, name: (n: FlowNode) => string) => {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    return {
      from: source ? name(source) : 'a missing step',
      to: target ? name(target) : 'a missing step',
      handle: sourceHandleOf(e),
    };
  };
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const e of after.edges) {
    if (!oldEdges.has(edgeKey(e))) diff.connectionsAdded.push(connection(e, now, nameAfter));
  }
  for (const e of before.edges) {
    if (!newEdges.has(edgeKey(e))) diff.connectionsRemoved.push(connection(e, old, nameBefore));
  }

  const settingKeys: SettingKey[] = ['name', 'description', 'reentry', 'exits'];
  diff.settings = settingKeys
    .filter((k) => !sameJson(before.settings[k], after.settings[k]))
    .map((key) => ({ key, before: before.settings[key], after: after.settings[key] }));
  return diff;
}

/** Whether publishing would freeze a version identical to the last one (moving steps counts as a change). */
export function isUnchanged(diff: FlowDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
    diff.connectionsAdded.length === 0 &&
    diff.connectionsRemoved.length === 0 &&
    diff.settings.length === 0 &&
    diff.moved === 0
  );
}
