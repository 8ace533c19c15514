import { z } from 'zod';
import { getNodeDefinition } from '../catalog.js';
import type { FlowNode } from '../document.js';
import { DEFAULT_SCORE } from '../nodes/fields.js';
import { type Diagnostic, error, warning } from './diagnostic.js';
import { nodeNamer, sentence } from './names.js';

/**
 * What the Send email checks need to know about the installation: the templates (with the contact
 * variables each one uses, as dotted paths like `contact.attributes.firstName`) and the attribute keys
 * and score names contacts have. The server builds it from the store; the editor fetches it.
 */
export const EmailCatalog = z.object({
  templates: z.array(z.object({ name: z.string(), variables: z.array(z.string()) })),
  attributes: z.array(z.string()),
  scores: z.array(z.string()),
});
export type EmailCatalog = z.infer<typeof EmailCatalog>;

type LooseNode = { id?: unknown; type?: unknown; label?: unknown; position?: unknown; config?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A draft may be any JSON: a node that is not an object (a shape problem validateFlow reports) reads
 * as an empty node here, so these checks never throw on what they were given.
 */
const looseNodes = (raw: readonly unknown[]): LooseNode[] => raw.map((n) => (isObject(n) ? n : {}));

/** A node as the namer reads it: only well-typed fields, the rest defaulted. */
function namable(n: LooseNode): FlowNode {
  const p = isObject(n.position) ? n.position : {};
  return {
    id: typeof n.id === 'string' ? n.id : '',
    type: typeof n.type === 'string' ? n.type : '',
    ...(typeof n.label === 'string' ? { label: n.label } : {}),
    position: { x: typeof p.x === 'number' ? p.x : 0, y: typeof p.y === 'number' ? p.y : 0 },
    config: {},
  } as FlowNode;
}

const configOf = (n: LooseNode): Record<string, unknown> =>
  typeof n.config === 'object' && n.config !== null ? (n.config as Record<string, unknown>) : {};

/** Names the flow itself gives contacts (a score it changes, an attribute it sets) count as known. */
function namesFromFlow(nodes: LooseNode[]) {
  const scores = new Set<string>([DEFAULT_SCORE]);
  const attributes = new Set<string>();
  for (const n of nodes) {
    const c = configOf(n);
    if ((n.type === 'action.adjustScore' || n.type === 'action.setScore') && typeof c.score === 'string')
      scores.add(c.score);
    if (n.type === 'action.setAttribute' && typeof c.attribute === 'string') attributes.add(c.attribute);
  }
  return { scores, attributes };
}

/** The variable a contact may lack, in words, or undefined when every contact can have it. */
function missingName(
  variable: string,
  known: { scores: Set<string>; attributes: Set<string> },
): string | undefined {
  const [root, field, key] = variable.split('.');
  if (root !== 'contact' || key === undefined) return undefined;
  if (field === 'attributes' && !known.attributes.has(key)) return `the attribute "${key}"`;
  if (field === 'scores' && !known.scores.has(key)) return `the score "${key}"`;
  return undefined;
}

/**
 * Send email steps against the installation's templates: a template that does not exist is an error
 * (every email would fail); a variable no contact provides is a warning, since contacts may still
 * gain it before the step runs, and a template can guard it with `{% if %}`.
 */
export function checkEmailTemplates(document: unknown, catalog: EmailCatalog): Diagnostic[] {
  const raw = isObject(document) ? document.nodes : undefined;
  if (!Array.isArray(raw)) return [];
  const nodes = looseNodes(raw);
  const flowNames = namesFromFlow(nodes);
  const known = {
    scores: new Set([...catalog.scores, ...flowNames.scores]),
    attributes: new Set([...catalog.attributes, ...flowNames.attributes]),
  };
  const templates = new Map(catalog.templates.map((t) => [t.name, t.variables]));
  const out: Diagnostic[] = [];
  // Named as the canvas shows them; a node without a position is still named by its label or type.
  const steps = nodes.map(namable);
  const nameOf = nodeNamer(steps, getNodeDefinition);
  nodes.forEach((n, index) => {
    if (n.type !== 'action.sendEmail' || typeof n.id !== 'string') return;
    const name = configOf(n).template;
    if (typeof name !== 'string' || name.trim() === '') return;
    const where = { nodeId: n.id, path: ['nodes', index, 'config', 'template'] };
    const step = sentence(nameOf(steps[index] as FlowNode));
    const variables = templates.get(name);
    if (variables === undefined) {
      out.push(
        error(
          'unknown_template',
          `${step} sends the email "${name}", which does not exist: create it on the Emails page or choose another`,
          where,
        ),
      );
      return;
    }
    for (const variable of variables) {
      const missing = missingName(variable, known);
      if (!missing) continue;
      out.push(
        warning(
          'unknown_template_variable',
          `${step} sends the email "${name}", which uses {{ ${variable} }}, but no contact has ${missing} yet: contacts without it will not get this email`,
          where,
        ),
      );
    }
  });
  return out;
}
