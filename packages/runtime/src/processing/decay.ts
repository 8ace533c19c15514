import { type DecayPolicy, idlePeriods, percentDecayed, resetDue } from '@scoreflow/flow';
import type { ScoreDefinitionRecord } from '@scoreflow/store';
import { JobContext, type ProcessingDeps } from './context.js';

const DAY_MS = 86_400_000;
const PAGE = 500;

export interface DecayReport {
  /** Ledger rows written. */
  changes: number;
}

/**
 * Applies every score's decay policy. Each change is a ledger row with cause "decay" and an
 * idempotency key naming the contact, the score and the period, so a sweep that runs twice (two
 * workers, a retried job, a clock that jumped) applies each period once. Decay changes can fire
 * score-threshold triggers ("dropped below 20"), like any other change.
 */
export async function applyDecay(deps: ProcessingDeps): Promise<DecayReport> {
  const report: DecayReport = { changes: 0 };
  for (const def of await deps.store.scoreDefinitions.withDecay()) {
    if (!def.decay) continue;
    if (def.decay.kind === 'expire') await expirePoints(deps, def, def.decay, report);
    else await decayInactive(deps, def, def.decay, report);
  }
  return report;
}

type ChangeFn = (
  previous: number,
) => { value: number; key: string; note: string; unchangedNote?: string } | undefined;

/** One contact, one transaction: the decay change (once per key), then the flows it triggers. */
function change(
  deps: ProcessingDeps,
  contactId: string,
  def: ScoreDefinitionRecord,
  fn: ChangeFn,
): Promise<boolean> {
  const { store } = deps;
  return store.transaction(async () => {
    // The score read below is the one changed: nothing else changes it until the commit.
    await store.contacts.lock(contactId);
    // A contact merged away since its page was read: its rows are the survivor's, found next sweep.
    if (!(await store.contacts.get(contactId))) return false;
    const next = fn((await store.scores.get(contactId, def.name)) ?? 0);
    if (!next) return false;
    let done = false;
    await new JobContext(deps, contactId).work(async (job) => {
      done =
        (await job.changeScore(
          { score: def.name, value: next.value },
          { causeKind: 'decay', note: next.note },
          { key: next.key, ...(next.unchangedNote ? { unchangedNote: next.unchangedNote } : {}) },
        )) !== undefined;
    });
    return done;
  });
}

async function expirePoints(
  deps: ProcessingDeps,
  def: ScoreDefinitionRecord,
  policy: Extract<DecayPolicy, { kind: 'expire' }>,
  report: DecayReport,
): Promise<void> {
  const cutoff = deps.now() - policy.days * DAY_MS;
  for (;;) {
    const gains = await deps.store.ledger.listExpirable(def.name, cutoff, PAGE);
    for (const gain of gains) {
      // A gain whose expiry changes nothing (the score already sits at its floor) still gets its
      // expiry row, so it is not looked at again on every sweep.
      const done = await change(deps, gain.contactId, def, (previous) => ({
        value: previous - gain.delta,
        key: `expire:${gain.id}`,
        note: `${gain.delta} point(s) earned ${gain.createdAt} expired after ${policy.days} days`,
        unchangedNote: 'expired; the score was already at its floor',
      }));
      if (done) report.changes++;
    }
    if (gains.length < PAGE) return;
  }
}

async function decayInactive(
  deps: ProcessingDeps,
  def: ScoreDefinitionRecord,
  policy: Extract<DecayPolicy, { kind: 'percent' | 'reset' }>,
  report: DecayReport,
): Promise<void> {
  const { store } = deps;
  const now = deps.now();
  let after = '';
  for (;;) {
    const holders = await store.scores.holders(def.name, { afterContactId: after, limit: PAGE });
    for (const { contactId } of holders) {
      const contact = await store.contacts.get(contactId);
      if (!contact) continue;
      // Inactive since the last engagement event, or since the contact was created if it never engaged.
      const since =
        (await store.events.lastOccurredAt(contactId, policy.events)) ?? Date.parse(contact.createdAt);
      const idle = now - since;
      if (policy.kind === 'reset') {
        if (!resetDue(idle, policy)) continue;
        const done = await change(deps, contactId, def, () => ({
          value: policy.value,
          key: `reset:${contactId}:${def.name}:${since}`,
          note: `reset after ${policy.days} days without ${policy.events.join(' or ')}`,
        }));
        if (done) report.changes++;
        continue;
      }
      const periods = idlePeriods(idle, policy);
      // One ledger row per elapsed period, each applied once, in order.
      for (let period = 1; period <= periods; period++) {
        const done = await change(deps, contactId, def, (previous) => ({
          value: percentDecayed(previous, policy),
          key: `decay:${contactId}:${def.name}:${since}:${period}`,
          note: `-${policy.percent}% for inactivity period ${period} (${policy.periodDays} days each)`,
        }));
        if (done) report.changes++;
      }
    }
    if (holders.length < PAGE) return;
    after = holders[holders.length - 1]?.contactId ?? '';
  }
}
