import { CodedError } from '@scoreflow/flow';
import type { EmailTemplate } from '@scoreflow/store';
import { Liquid, type Template } from 'liquidjs';

/** Variables a template may use; `contact.attributes.*` and `contact.scores.*` vary per contact. */
export const TEMPLATE_CONTACT_FIELDS = ['id', 'email', 'externalId', 'attributes', 'scores', 'tags', 'lists'];
export const UNSUBSCRIBE_VARIABLE = 'unsubscribe_url';

/** What a template sees when it is rendered. */
export interface TemplateScope {
  contact: {
    id: string;
    email: string | null;
    externalId: string | null;
    attributes: Record<string, unknown>;
    scores: Record<string, number>;
    tags: string[];
    lists: string[];
  };
  unsubscribe_url: string;
}

export type TemplatePart = 'subject' | 'html' | 'text';

/** One thing wrong with a template, at save time. */
export interface TemplateProblem {
  part: TemplatePart;
  message: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export class TemplateRenderError extends CodedError<'template_render_failed'> {
  /** The part that failed, when one did: previews point the marketer at it. */
  readonly part: TemplatePart | undefined;
  constructor(message: string, part?: TemplatePart) {
    super('template_render_failed', message);
    this.part = part;
  }
}

// Strict and sandboxed: an undefined variable or unknown filter is an error rather than an empty
// string (even under `| default`, which strict mode evaluates too late to help); only own properties are visible (no prototype walking); `templates: {}` gives the engine an
// empty in-memory file system, so {% include %} and {% render %} can never read a file from disk.
const options = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  // Strict, yet an optional attribute can still be guarded: {% if contact.attributes.firstName %}.
  lenientIf: true,
  templates: {},
  // A marketer's typo ({% for i in (1..100000000) %}) must not stall a worker.
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};
const plain = new Liquid(options);
// Contact attributes come from events sent by anyone who can reach the API: escape them in HTML.
const html = new Liquid({ ...options, outputEscape: 'escape' });

const engineFor = (part: TemplatePart) => (part === 'html' ? html : plain);

const firstLine = (err: unknown) => String((err as Error).message ?? err).split('\n')[0] ?? '';

function parse(part: TemplatePart, source: string): Template[] {
  return engineFor(part).parse(source);
}

/**
 * Checks a template before it is saved: each part must parse (syntax, known filters and tags) and may
 * only use variables a contact can have. Attribute and score names are checked when sending, since
 * they differ from contact to contact.
 */
export function checkTemplate(template: Pick<EmailTemplate, TemplatePart>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const part of ['subject', 'html', 'text'] as const) {
    let parsed: Template[];
    try {
      parsed = parse(part, template[part]);
    } catch (err) {
      problems.push({ part, message: firstLine(err) });
      continue;
    }
    let variables: ReturnType<typeof plain.globalVariableSegmentsSync>;
    try {
      // Analysis follows {% include %} and {% render %}, which fail here: there are no partials.
      variables = plain.globalVariableSegmentsSync(parsed);
    } catch (err) {
      problems.push({ part, message: firstLine(err) });
      continue;
    }
    for (const segments of variables) {
      const [root, field] = segments.map(String);
      const name = segments.join('.');
      if (root === UNSUBSCRIBE_VARIABLE && segments.length === 1) continue;
      if (root === 'contact' && (field === undefined || TEMPLATE_CONTACT_FIELDS.includes(field))) continue;
      problems.push({
        part,
        message: `unknown variable "${name}": use contact.${TEMPLATE_CONTACT_FIELDS.join(', contact.')} or ${UNSUBSCRIBE_VARIABLE}`,
      });
    }
  }
  return problems;
}

/** Whether any part of the template places the unsubscribe link itself. */
export function usesUnsubscribeLink(template: Pick<EmailTemplate, TemplatePart>): boolean {
  return (['html', 'text'] as const).some((part) => {
    try {
      return plain
        .globalVariableSegmentsSync(parse(part, template[part]))
        .some((s) => s[0] === UNSUBSCRIBE_VARIABLE);
    } catch {
      return false;
    }
  });
}

/**
 * Renders the three parts for one contact. A variable the contact does not have fails the render
 * (the error names the part and the variable) instead of sending "Hello ," to a customer.
 */
export function renderTemplate(
  template: Pick<EmailTemplate, 'name' | TemplatePart>,
  scope: TemplateScope,
): RenderedEmail {
  const out: RenderedEmail = { subject: '', html: '', text: '' };
  for (const part of ['subject', 'html', 'text'] as const) {
    if (template[part] === '') continue;
    try {
      out[part] = engineFor(part).renderSync(parse(part, template[part]), scope);
    } catch (err) {
      throw new TemplateRenderError(`template "${template.name}", ${part}: ${firstLine(err)}`, part);
    }
  }
  // Subjects are one line: a newline from an attribute would otherwise become a header break.
  out.subject = out.subject.replace(/[\r\n]+/g, ' ').trim();
  return out;
}

/**
 * The contact variables a template uses, as dotted paths (`contact.attributes.firstName`), for the
 * editor's check that some contact provides them. A part that does not parse contributes nothing: the
 * save refuses it anyway.
 */
export function templateVariables(template: Pick<EmailTemplate, TemplatePart>): string[] {
  const out = new Set<string>();
  for (const part of ['subject', 'html', 'text'] as const) {
    try {
      for (const segments of plain.globalVariableSegmentsSync(parse(part, template[part]))) {
        if (segments[0] === 'contact') out.add(segments.slice(0, 3).map(String).join('.'));
      }
    } catch {
      // Unparsable or using a partial: nothing to report here.
    }
  }
  return [...out].sort();
}
