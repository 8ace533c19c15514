import type { FlowSettings } from '@scoreflow/flow';
import { contactZone } from './localTime.js';
import type { ContactView, Effect, EngineContext, EventView } from './types.js';
import { isPresent, readOwn, readScore, writeOwn } from './values.js';

/** A copy deep enough that the run can change it without touching the caller's contact. */
export function copyContact(contact: ContactView): ContactView {
  // Tolerant of a malformed view (the runtime builds it from stored rows): a run must not crash on it.
  return {
    ...contact,
    attributes: { ...contact.attributes },
    scores: { ...contact.scores },
    tags: Array.isArray(contact.tags) ? [...contact.tags] : [],
    lists: Array.isArray(contact.lists) ? [...contact.lists] : [],
  };
}

/**
 * The working state of one invocation. Effects are applied to the working contact as they are
 * recorded, so later nodes see them (+10 then "SCORE > 50" sees the new score).
 */
export class RunState {
  readonly contact: ContactView;
  readonly effects: Effect[] = [];

  constructor(
    contact: ContactView,
    readonly ctx: EngineContext,
    readonly event: EventView | undefined,
    /** The flow's settings: its time zone and send window. */
    readonly settings: Pick<FlowSettings, 'timezone' | 'sendWindow'> = {},
  ) {
    this.contact = copyContact(contact);
  }

  /** The contact's time zone: its own `timezone` attribute, else the flow's. */
  zone(): string {
    return contactZone(this.contact, this.settings.timezone);
  }

  score(name: string): number {
    return readScore(this.contact.scores, name);
  }

  /** The score definition's bounds, when the runtime knows them. */
  bounds(score: string): { floor: number | undefined; cap: number | undefined } {
    const b = this.ctx.scoreBounds?.(score);
    return { floor: b?.floor ?? undefined, cap: b?.cap ?? undefined };
  }

  /** Sets a score; records an effect only when the value changes. */
  setScore(nodeId: string, score: string, value: number): Effect | undefined {
    const previous = this.score(score);
    if (value === previous) return undefined;
    writeOwn(this.contact.scores, score, value);
    return this.record({ kind: 'score', nodeId, score, delta: value - previous, value, previous });
  }

  /** Sets (or with null, clears) an attribute; records an effect only when the value changes. */
  setAttribute(nodeId: string, attribute: string, value: unknown): Effect | undefined {
    const current = readOwn(this.contact.attributes, attribute);
    const previous = isPresent(current) ? current : null;
    const next = isPresent(value) ? value : null;
    if (Object.is(previous, next)) return undefined;
    if (next === null) delete this.contact.attributes[attribute];
    else writeOwn(this.contact.attributes, attribute, next);
    return this.record({ kind: 'attribute', nodeId, attribute, value: next, previous });
  }

  /** Adds or removes a tag; records an effect only when membership changes. */
  tag(nodeId: string, tag: string, op: 'add' | 'remove'): Effect | undefined {
    return this.member(this.contact.tags, tag, op)
      ? this.record({ kind: 'tag', nodeId, tag, op })
      : undefined;
  }

  /** Adds to or removes from a list; records an effect only when membership changes. */
  list(nodeId: string, list: string, op: 'add' | 'remove'): Effect | undefined {
    return this.member(this.contact.lists, list, op)
      ? this.record({ kind: 'list', nodeId, list, op })
      : undefined;
  }

  /** Records an effect that leaves the process (email, webhook, notification). */
  record(effect: Effect): Effect {
    this.effects.push(effect);
    return effect;
  }

  private member(items: string[], item: string, op: 'add' | 'remove'): boolean {
    const index = items.indexOf(item);
    if (op === 'add' && index < 0) {
      items.push(item);
      return true;
    }
    if (op === 'remove' && index >= 0) {
      items.splice(index, 1);
      return true;
    }
    return false;
  }
}
