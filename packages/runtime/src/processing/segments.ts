import { bandListName, bandOf } from '@scoreflow/flow';
import type { JobContext } from './context.js';
import type { Signal } from './signals.js';

/**
 * Keeps the contact in the list of the band its score is in ("SCORE: MQL"), so bands work as dynamic
 * segments, and signals a band change for `trigger.bandChanged`. Joining a band list is a list join
 * like any other (list-joined triggers fire).
 */
export async function moveBands(job: JobContext, change: Extract<Signal, { kind: 'score' }>): Promise<void> {
  const { score, previous, value } = change;
  const bands = (await job.definitions.get(score))?.bands;
  if (!bands || bands.length === 0) return;
  const band = bandOf(value, bands);
  const before = bandOf(previous, bands);
  const prefix = `${score}: `;
  const target = band === undefined ? undefined : bandListName(score, band);
  const { lists } = await job.contact();
  for (const list of lists) {
    if (
      list.startsWith(prefix) &&
      list !== target &&
      bands.some((b) => bandListName(score, b.name) === list)
    ) {
      await job.leaveList(list);
    }
  }
  if (target) await job.joinList(target);
  if (band !== undefined && band !== before) {
    job.emit({ kind: 'band', score, band, previous: before ?? null });
  }
}

/**
 * A contact just created enters the band of each banded score it starts in (a new lead at 0), from
 * no band: that is a band change like any later one, so "tag cold contacts" flows reach new contacts
 * too, and the band list is joined (list-joined triggers fire) before any flow moves the score on.
 */
export async function enterStartingBands(job: JobContext): Promise<void> {
  for (const { name: score, bands } of (await job.catalog()).definitions()) {
    if (!bands || bands.length === 0) continue;
    const band = bandOf((await job.deps.store.scores.get(job.contactId, score)) ?? 0, bands);
    if (band === undefined) continue;
    await job.joinList(bandListName(score, band));
    job.emit({ kind: 'band', score, band, previous: null });
  }
}

/**
 * Stores the contact's current engagement level and, when it changed, signals it for
 * `trigger.engagementChanged`. A contact never computed before counts as coming from "not engaged".
 * Returns whether anything was signalled.
 */
export async function noteEngagementLevel(job: JobContext): Promise<boolean> {
  const level = (await job.contact()).engagement;
  const previous = await job.storeEngagementLevel(level);
  let signalled = false;
  if (previous !== level) {
    // The level is also a segment: the contact sits in exactly one "Engagement: <level>" list.
    if (previous !== null) await job.leaveList(engagementListName(previous));
    signalled = await job.joinList(engagementListName(level));
  }
  if ((previous ?? 'not engaged') !== level) {
    job.emit({ kind: 'engagement', from: previous, to: level });
    signalled = true;
  }
  return signalled;
}

/** The list of the contacts at an engagement level, e.g. "Engagement: at risk". */
export const engagementListName = (level: string) => `Engagement: ${level}`;
