/**
 * A change made in a job that may start other flows: the trigger table (nodes/triggers.ts) says which
 * trigger types each kind fires and under which key. `depth` counts the trigger hops that led to it.
 */
export type Signal =
  | { kind: 'score'; score: string; previous: number; value: number; depth: number }
  | { kind: 'tag'; tag: string; depth: number }
  | { kind: 'list'; list: string; depth: number }
  | { kind: 'attribute'; attribute: string; depth: number }
  | { kind: 'band'; score: string; band: string; previous: string | null; depth: number }
  | { kind: 'engagement'; from: string | null; to: string; depth: number }
  /** A contact's grade under a scoring model (by name) changed. */
  | { kind: 'grade'; model: string; grade: string; previous: string | null; depth: number }
  /** The score of the contact's account (its key) moved with a change of the contact's own. */
  | { kind: 'account'; score: string; account: string; previous: number; value: number; depth: number };

/** A signal as its emitter writes it; the job's work loop adds the depth. */
export type SignalInput = Signal extends infer S ? (S extends Signal ? Omit<S, 'depth'> : never) : never;

/**
 * How many trigger hops one event may cause ("score crossed 50" → a flow adds a tag → "tag added"
 * starts another flow → ...). Flows that trigger each other in a circle stop here instead of looping.
 */
export const MAX_TRIGGER_DEPTH = 8;
