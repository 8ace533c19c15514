import type { ContactView } from '@scoreflow/engine';
import { clampScore } from '@scoreflow/flow';
import type { Catalog, LedgerEntry, NewLedgerEntry, ScoreDefinitionRecord, Store } from '@scoreflow/store';
import type { SignalInput } from './signals.js';

/** Why a score changed: the ledger row's cause (flow, exit, decay, manual) and what names it. */
export type ScoreCause = Omit<NewLedgerEntry, 'contactId' | 'score' | 'delta' | 'value'>;

/** A new value for the score, or a change by `delta` from its current value. */
export type ScoreRequest = { score: string } & ({ value: number } | { delta: number });

export interface ScoreChangeOptions {
  /** Applies the change once per key (decay periods): a second change under the key does nothing. */
  key?: string;
  /**
   * With `key`: a change that changes nothing (the score is already at its floor) still records the
   * key, with this note, so the same change is not looked at again.
   */
  unchangedNote?: string;
  /**
   * The sum of the score's ledger rows when it is not the stored value: a merge moves the other
   * contact's rows in. The row's delta is measured from it, so the ledger still sums to the value, and
   * the row is written even when the value stays.
   */
  ledgerSum?: number;
  /**
   * Writes the ledger row now and returns it (a manual change answers with its row). Otherwise a job
   * may gather the change and write it with the job's other score changes at its end.
   */
  recordNow?: boolean;
}

export interface ScoreChange {
  score: string;
  previous: number;
  value: number;
  /** The ledger row, when it was written now (see `recordNow`); a gathered change has none yet. */
  entry?: LedgerEntry;
}

/** Where a score change lands. A job also gets its contact patched and the change signalled. */
export interface ScoreTarget {
  deps: { store: Store };
  contactId: string;
  /** The score's definitions (floor, cap, bands), each read once per job. */
  definitions: DefinitionCache;
  /** Scores as read or written through here, when they cannot change otherwise meanwhile (a job). */
  scoreValues?: Map<string, number>;
  /** True when `scoreValues` holds every score the contact has: one absent from it is 0, unread. */
  scoresComplete?: boolean;
  /** Keeps the contact the job's next run sees up to date; absent when no flow runs on the change. */
  patchContact?(patch: (contact: ContactView) => ContactView): void;
  /** Signals the change to triggers; absent when no flow runs on the change (an import). */
  emit?(signal: SignalInput): void;
  /**
   * Takes a change to write later with the target's other changes (a job writes its ledger rows and
   * scores at its end); false when it cannot, and the change is written now.
   */
  gatherScoreChange?(row: NewLedgerEntry): boolean;
  /** Writes the changes gathered so far, before one written now, so the ledger keeps their order. */
  writeGatheredScores?(): Promise<void>;
}

/** Ledger deltas without floating-point noise (30 - 33.33 is -3.33, not -3.3299999999999983). */
const tidy = (n: number) => Math.round(n * 1e9) / 1e9;

/** The value `request` gives a score now at `previous`, within the definition's floor and cap. */
const nextValue = (previous: number, request: ScoreRequest, definition: ScoreDefinitionRecord | undefined) =>
  clampScore(
    'value' in request ? request.value : previous + request.delta,
    definition ?? { floor: null, cap: null },
  );

/**
 * The one way a score changes: the value is clamped to the score definition's floor and cap, the
 * ledger row names its cause and carries the clamped delta, the job's contact sees the new value, and
 * the change is signalled so score-threshold and band triggers fire. Returns undefined when the score
 * does not move (or the keyed change was applied before).
 */
export async function changeScore(
  target: ScoreTarget,
  request: ScoreRequest,
  cause: ScoreCause,
  options: ScoreChangeOptions = {},
): Promise<ScoreChange | undefined> {
  const { store } = target.deps;
  const { contactId } = target;
  const { score } = request;
  const known = target.scoreValues?.get(score) ?? (target.scoresComplete ? 0 : undefined);
  const previous = known ?? (await store.scores.get(contactId, score)) ?? 0;
  target.scoreValues?.set(score, previous);
  const value = nextValue(previous, request, await target.definitions.get(score));
  const base = options.ledgerSum ?? previous;
  if (value === previous && value === base) {
    if (options.key && options.unchangedNote) {
      await target.writeGatheredScores?.();
      await store.ledger.appendOnce(options.key, {
        ...cause,
        contactId,
        score,
        delta: 0,
        value,
        note: options.unchangedNote,
      });
    }
    return undefined;
  }
  const row: NewLedgerEntry = { ...cause, contactId, score, delta: tidy(value - base), value };
  // A keyed change must know whether it was applied before, and one with a ledger sum (a merge) comes
  // after reads of the ledger: both are written now, as is a change whose row is asked for.
  const gathered =
    options.key === undefined &&
    options.ledgerSum === undefined &&
    !options.recordNow &&
    (target.gatherScoreChange?.(row) ?? false);
  let entry: LedgerEntry | undefined;
  if (!gathered) {
    await target.writeGatheredScores?.();
    entry = await store.ledger.appendWithScore(row, options.key);
    if (!entry) return undefined;
  }
  target.scoreValues?.set(score, value);
  const change: ScoreChange = { score, previous, value, ...(entry ? { entry } : {}) };
  if (value === previous) return change;
  target.patchContact?.((c) => ({ ...c, scores: { ...c.scores, [score]: value } }));
  target.emit?.({ kind: 'score', score, previous, value });
  return change;
}

/**
 * The score definitions a job asked for (bounds, clamping and bands all ask), from the job's catalog:
 * no statement of their own, and one answer per score for the whole job.
 */
export class DefinitionCache {
  private readonly known = new Map<string, ScoreDefinitionRecord | undefined>();

  constructor(private readonly catalog: () => Promise<Catalog>) {}

  async get(score: string): Promise<ScoreDefinitionRecord | undefined> {
    if (this.known.has(score)) return this.known.get(score);
    const definition = (await this.catalog()).definition(score);
    this.known.set(score, definition);
    return definition;
  }

  /** Whether the definition (or its absence) was read already, so `peek` answers without the store. */
  has(score: string): boolean {
    return this.known.has(score);
  }

  /** The definition as read before; undefined also when it was not read (see `has`). */
  peek(score: string): ScoreDefinitionRecord | undefined {
    return this.known.get(score);
  }
}

/** One score an import sets or moves. */
export interface ImportedScore {
  contactId: string;
  request: ScoreRequest;
  cause: ScoreCause;
}

/**
 * Scores written outside any job (an import): clamped and ledgered as {@link changeScore} does, in
 * order, with the values it would give one by one, but read and written in a few statements for the
 * whole batch. No flow runs on them. Returns how many scores moved.
 */
export async function importScores(store: Store, changes: readonly ImportedScore[]): Promise<number> {
  const key = (contactId: string, score: string) => `${contactId}\n${score}`;
  const current = new Map<string, number>();
  const definitions = new Map<string, ScoreDefinitionRecord | undefined>();
  for (const score of new Set(changes.map((c) => c.request.score))) {
    definitions.set(score, await store.scoreDefinitions.get(score));
    const holders = changes.filter((c) => c.request.score === score).map((c) => c.contactId);
    for (const [contactId, value] of await store.scores.getMany(holders, score))
      current.set(key(contactId, score), value);
  }
  const entries: NewLedgerEntry[] = [];
  for (const { contactId, request, cause } of changes) {
    const { score } = request;
    const previous = current.get(key(contactId, score)) ?? 0;
    const value = nextValue(previous, request, definitions.get(score));
    if (value === previous) continue;
    entries.push({ ...cause, contactId, score, delta: tidy(value - previous), value });
    current.set(key(contactId, score), value);
  }
  await store.ledger.appendMany(entries);
  await store.scores.setMany(entries.map((e) => ({ contactId: e.contactId, name: e.score, value: e.value })));
  return entries.length;
}
