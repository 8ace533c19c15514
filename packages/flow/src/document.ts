import { z } from 'zod';
import { SendWindow, TimeZone } from './localTime.js';

/** The flow document format version this code writes. Older documents are migrated on read. */
export const CURRENT_SCHEMA_VERSION = 1;

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

const Id = z.string().min(1).max(100);

/**
 * Whether a contact may enter the same flow again.
 * - once: only ever once
 * - afterExit: again once the previous run has ended (completed, exited, failed, cancelled)
 * - always: every time the trigger fires, runs in parallel
 * - cooldown: again once `seconds` have passed since the previous entry
 */
export const ReentryPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('once') }),
  z.object({ mode: z.literal('afterExit') }),
  z.object({ mode: z.literal('always') }),
  z.object({ mode: z.literal('cooldown'), seconds: z.number().int().positive() }),
]);
export type ReentryPolicy = z.infer<typeof ReentryPolicy>;

/** A score change applied when a contact leaves a flow through an exit criterion. */
export const ExitScoreChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('set'), score: z.string().min(1), value: z.number().finite() }),
  z.object({ kind: z.literal('adjust'), score: z.string().min(1), delta: z.number().finite() }),
]);
export type ExitScoreChange = z.infer<typeof ExitScoreChange>;

/**
 * Exit criteria are checked while a contact is inside the flow (also while it waits),
 * not only when it moves.
 */
export const ExitCriterion = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('inactivity'),
    id: Id,
    /** Event types that count as engagement; the run exits after `days` without any of them. */
    events: z.array(z.string().min(1)).min(1),
    days: z.number().positive(),
    scores: z.array(ExitScoreChange).default([]),
  }),
  z.object({
    kind: z.literal('goal'),
    id: Id,
    /** The goal is reached when this score condition holds. */
    score: z.string().min(1),
    op: z.enum(['>', '>=', '<', '<=', '==', '!=']),
    value: z.number().finite(),
    /**
     * The flow report counts an entry (or an A/B test branch) as converted when the goal holds
     * within this many days of it; DEFAULT_CONVERSION_DAYS when absent.
     */
    conversionDays: z.number().positive().max(365).optional(),
  }),
]);

/** The goal's conversion window when a flow does not set one. */
export const DEFAULT_CONVERSION_DAYS = 30;
export type ExitCriterion = z.infer<typeof ExitCriterion>;

export const FlowSettings = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  reentry: ReentryPolicy.default({ mode: 'afterExit' }),
  exits: z.array(ExitCriterion).default([]),
  /** The clock of contacts without a `timezone` attribute; DEFAULT_TIME_ZONE when absent. */
  timezone: TimeZone.optional(),
  /** When Send email and Webhook steps may go, on the contact's clock; any time when absent. */
  sendWindow: SendWindow.optional(),
});
export type FlowSettings = z.infer<typeof FlowSettings>;

/**
 * A node as stored in the document. `config` is checked against the node type's own schema by
 * validation, not here, so a document with a bad config can still be saved as a draft and shown
 * with its diagnostics.
 */
export const FlowNode = z.object({
  id: Id,
  type: z.string().min(1).max(100),
  position: Position,
  config: z.record(z.string(), z.unknown()).default({}),
  label: z.string().max(200).optional(),
});
export type FlowNode = z.infer<typeof FlowNode>;

export const FlowEdge = z.object({
  id: Id,
  source: Id,
  /** The output handle of the source node; omitted for nodes with a single output. */
  sourceHandle: z.string().min(1).max(50).nullish(),
  target: Id,
});
export type FlowEdge = z.infer<typeof FlowEdge>;

export const NOTE_COLORS = ['yellow', 'blue', 'green', 'pink'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/**
 * A sticky note on the canvas: text a marketer leaves to explain the flow. Notes are not steps: they
 * have no edges, validation and the engine never look at them, and they are saved and published as
 * they are.
 */
export const FlowNote = z.object({
  id: Id,
  position: Position,
  text: z.string().max(5000),
  /** Set once the note was resized; otherwise it takes its default size. */
  size: z
    .object({ width: z.number().positive().max(4000), height: z.number().positive().max(4000) })
    .optional(),
  color: z.enum(NOTE_COLORS).optional(),
});
export type FlowNote = z.infer<typeof FlowNote>;

export const FlowDocument = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  settings: FlowSettings,
  nodes: z.array(FlowNode),
  edges: z.array(FlowEdge),
  /**
   * Optional rather than defaulted: a document without notes (every one written before notes existed)
   * is valid as it is and comes back unchanged, so schemaVersion stays 1 and no code that builds a
   * document has to add an empty list. Read it as `notes ?? []`.
   */
  notes: z.array(FlowNote).max(500).optional(),
});
export type FlowDocument = z.infer<typeof FlowDocument>;
/** The document as written by a client, before defaults are applied. */
export type FlowDocumentInput = z.input<typeof FlowDocument>;

/** A new, empty flow document. */
export function emptyFlowDocument(name: string): FlowDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    settings: { name, reentry: { mode: 'afterExit' }, exits: [] },
    nodes: [],
    edges: [],
  };
}
