/** A Send email step a frequency cap held back, as its output records it. */
export type CappedStep =
  | { reason: string; outcome: 'skipped' }
  | { reason: string; outcome: 'postponed'; until: number | null };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a frequency cap did to a step, read from its output; null when no cap held it back. */
export function cappedStep(output: unknown): CappedStep | null {
  if (!isRecord(output) || typeof output.capped !== 'string') return null;
  if (output.skipped !== undefined) return { reason: output.capped, outcome: 'skipped' };
  const until = typeof output.postponedUntil === 'number' ? output.postponedUntil : null;
  return { reason: output.capped, outcome: 'postponed', until };
}

/** A moment as the reader's local date and time. */
const local = (ms: number) => new Date(ms).toLocaleString();

/**
 * The sentence the run shows for a held-back step: "Held back by a frequency cap: 3 emails in the
 * last 24 hours (cap: 3 per 24 hours) — skipped" or "— postponed until 12/3/2026, 2:00:00 PM".
 */
export function cappedSentence(step: CappedStep, time: (ms: number) => string = local): string {
  const outcome =
    step.outcome === 'skipped'
      ? 'skipped'
      : step.until === null
        ? 'postponed'
        : `postponed until ${time(step.until)}`;
  return `Held back by a frequency cap: ${step.reason} — ${outcome}`;
}

/** Output keys that hold a moment as epoch ms: a postponement, the due time of a wait. */
const MOMENT_KEYS = ['postponedUntil', 'dueAt'] as const;

/** A step's output for its readable rows: moments as local times instead of epoch ms. */
export function readableStepOutput(output: unknown): unknown {
  if (!isRecord(output)) return output;
  const out = { ...output };
  for (const key of MOMENT_KEYS) {
    const ms = out[key];
    if (typeof ms === 'number') out[key] = local(ms);
  }
  return out;
}
