import type { NodeDefinition } from '../catalog.js';
import type { FlowNode } from '../document.js';

const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

function ordinal(n: number): string {
  if (n <= ORDINALS.length) return ORDINALS[n - 1] as string;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** What a step of this type is called in a sentence: "Event trigger", "Score condition", "Add tag". */
export function typeDisplayName(def: NodeDefinition | undefined): string {
  if (def === undefined) return 'Unknown step';
  if (def.kind === 'trigger') return `${def.label} trigger`;
  if (def.kind === 'condition') return `${def.label} condition`;
  return def.label;
}

/**
 * Names nodes the way the canvas shows them, so a problem reads `Event trigger "Link clicked" leads
 * nowhere` rather than naming an id nobody sees. A node without a label is told apart from others of
 * its type by where it sits on the canvas, top to bottom, then left to right.
 */
export function nodeNamer(
  nodes: readonly FlowNode[],
  defOf: (type: string) => NodeDefinition | undefined,
): (node: FlowNode) => string {
  const byType = new Map<string, FlowNode[]>();
  for (const node of nodes) {
    if (node.label?.trim()) continue;
    const list = byType.get(node.type);
    if (list === undefined) byType.set(node.type, [node]);
    else list.push(node);
  }
  for (const list of byType.values()) {
    list.sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
  }
  return (node) => {
    const def = defOf(node.type);
    const typeName = typeDisplayName(def);
    const label = node.label?.trim();
    if (label) return `${typeName} "${label}"`;
    // "the Score condition" already says what it is; "the Add tag" needs a noun.
    const noun = def?.kind === 'trigger' || def?.kind === 'condition' ? typeName : `${typeName} step`;
    const same = byType.get(node.type) ?? [node];
    if (same.length <= 1) return `the ${noun}`;
    return `the ${ordinal(same.indexOf(node) + 1)} ${noun} from the top`;
  };
}

/** Lists names in a sentence: `A, B and C`. */
export function listNames(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** A sentence starts with a capital even when it starts with a node name ("the Wait step ..."). */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A message continued after a colon ("The Adjust score step: the change must not be zero"): its first
 * letter goes lower case when the second is a lower-case letter, so "URL ..." and a quoted name stay
 * as they are (and the article "A" goes lower case too).
 */
export function afterColon(text: string): string {
  if (text.startsWith('A ')) return `a${text.slice(1)}`;
  const second = text.charAt(1);
  if (second.toLowerCase() !== second || second.toUpperCase() === second) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
