import { bandListName, bandOf } from '@scoreflow/flow';
import type { Job } from './job.js';

/**
 * Keeps the contact in the list of the band its score is in ("SCORE: MQL"), so bands work as dynamic
 * segments, and reports a band change for `trigger.bandChanged`. Joining a band list is a list join
 * like any other (list-joined triggers fire).
 */
export function moveBands(job: Job, score: string, previous: number, value: number, depth: number): void {
  const { store } = job.deps;
  const bands = job.definition(score)?.bands;
  if (!bands || bands.length === 0) return;
  const band = bandOf(value, bands);
  const before = bandOf(previous, bands);
  const prefix = `${score}: `;
  const target = band === undefined ? undefined : bandListName(score, band);
  let lists = job.contact.lists;
  for (const list of store.lists.list(job.contactId)) {
    if (
      list.startsWith(prefix) &&
      list !== target &&
      bands.some((b) => bandListName(score, b.name) === list)
    ) {
      store.lists.remove(job.contactId, list);
      lists = lists.filter((l) => l !== list);
    }
  }
  if (target && store.lists.add(job.contactId, target)) {
    lists = [...lists, target];
    job.signals.push({ kind: 'list', list: target, depth });
  }
  job.contact = { ...job.contact, lists };
  if (band !== undefined && band !== before) {
    job.signals.push({ kind: 'band', score, band, previous: before ?? null, depth });
  }
}
