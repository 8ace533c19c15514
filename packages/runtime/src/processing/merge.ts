import { bandListName, CodedError, gradeListName } from '@scoreflow/flow';
import type { Contact, MovedRecords, RunRecord } from '@scoreflow/store';
import { type AfterCommit, JobContext, type ProcessingDeps } from './context.js';
import { checkExits } from './exits.js';
import { settleFitAfterMerge } from './fit.js';
import { engagementListName, noteEngagementLevel } from './segments.js';

export type MergeErrorCode = 'contact_not_found' | 'same_contact' | 'already_merged';

/** Why a merge was refused. */
export class MergeError extends CodedError<MergeErrorCode> {}

/** What a merge did, kept with the merge record and shown to whoever asked for it. */
export interface MergeSummary {
  into: string;
  from: string;
  fromEmail: string | null;
  fromExternalId: string | null;
  /** Per score the removed contact had: both values before, and the value after the floor and cap. */
  scores: { score: string; into: number; from: number; value: number }[];
  tagsAdded: string[];
  listsAdded: string[];
  /** Attributes the survivor lacked, filled from the removed contact. */
  attributesFilled: string[];
  /** Attributes both had with different values: the survivor's value stays. */
  attributesKept: string[];
  moved: MovedRecords;
  runsCancelled: { runId: string; flowId: string; reason: string }[];
}

const ACTIVE = ['running', 'waiting'] as const;

/**
 * Band, grade and engagement lists are segments of the survivor's own scores and engagement,
 * recomputed by the merge's score changes and engagement check; copying the removed contact's would
 * leave the survivor in two bands.
 */
async function segmentLists(job: JobContext): Promise<(list: string) => boolean> {
  const catalog = await job.catalog();
  const bands = new Set(
    catalog.definitions().flatMap((d) => (d.bands ?? []).map((b) => bandListName(d.name, b.name))),
  );
  const grades = catalog.gradedModels().map((m) => gradeListName(m.name, ''));
  return (list) =>
    bands.has(list) ||
    list.startsWith(engagementListName('')) ||
    grades.some((prefix) => list.startsWith(prefix));
}

/**
 * A run of the removed contact in a flow the survivor is also running: the flow's re-entry policy
 * decides, as if the contact had tried to enter again. `once` and `afterExit` allow one run at a time,
 * so the removed contact's is cancelled; `always` and `cooldown` allow runs side by side.
 */
async function cancelDuplicateRuns(job: JobContext, from: Contact, actor: string | null) {
  const { store, flows } = job.deps;
  const cancelled: MergeSummary['runsCancelled'] = [];
  const active: RunRecord[] = await store.runs.list({ contactId: from.id, status: ACTIVE, limit: 10_000 });
  for (const run of active) {
    const mode = (await flows(run.flowId, run.flowVersion))?.settings.reentry.mode ?? 'afterExit';
    if (mode !== 'once' && mode !== 'afterExit') continue;
    if ((await store.runs.findActive(job.contactId, run.flowId)).length === 0) continue;
    const reason = `cancelled by the merge into contact ${job.contactId}, which is in this flow already (re-entry ${mode} allows one run at a time)`;
    await store.waits.cancelForRun(run.id);
    await store.runs.update(run.id, { status: 'cancelled', exitReason: reason, currentNodeId: null });
    await store.runActions.record({
      runId: run.id,
      action: 'cancel',
      actor: actor ?? 'merge',
      detail: { mergedInto: job.contactId },
    });
    cancelled.push({ runId: run.id, flowId: run.flowId, reason });
  }
  return cancelled;
}

const label = (c: Contact) => c.email ?? c.externalId ?? c.id;

/**
 * Merges contact `fromId` into the job's contact, inside the job's transaction (so no event of either
 * contact is processed halfway through it): the survivor keeps its id and identifiers; the removed
 * contact's ledger rows, events, runs, waits and outbox rows move over; scores are recomputed from the
 * merged ledgers through the one score-change function (floor and cap apply, one `merge` row per score);
 * tags and lists are united; attributes the survivor lacks are filled. The removed contact's id then
 * redirects to the survivor and its identifiers become the survivor's secondary ones. The caller has
 * locked both contacts.
 */
export async function mergeInto(
  job: JobContext,
  fromId: string,
  actor: string | null,
): Promise<MergeSummary> {
  const { store } = job.deps;
  const intoId = job.contactId;
  // The scores and ledgers are read from the store below: this job's changes go there first.
  await job.writeGatheredScores();
  const into = await store.contacts.get(intoId);
  if (!into) throw new MergeError('contact_not_found', `Contact ${intoId} does not exist`);
  if (fromId === intoId) throw new MergeError('same_contact', 'A contact cannot be merged into itself');
  const from = await store.contacts.get(fromId);
  if (!from) {
    const merged = await store.merges.get(fromId);
    if (merged)
      throw new MergeError('already_merged', `Contact ${fromId} was merged into ${merged.intoId} already`);
    throw new MergeError('contact_not_found', `Contact ${fromId} does not exist`);
  }

  const runsCancelled = await cancelDuplicateRuns(job, from, actor);
  const fromScores = await store.scores.all(from.id);
  const intoScores = await store.scores.all(intoId);
  const fromTags = await store.tags.list(from.id);
  const fromLists = await store.lists.list(from.id);
  const moved = await store.merges.moveRecords(from.id, intoId);

  const scores: MergeSummary['scores'] = [];
  for (const [score, fromValue] of Object.entries(fromScores)) {
    const intoValue = intoScores[score] ?? 0;
    // Both ledgers are the survivor's now; their sum is what the score would be without bounds.
    const sum = await store.ledger.sumForContact(intoId, score);
    const change = await job.changeScore(
      { score, value: sum },
      {
        causeKind: 'merge',
        actor,
        note: `merged ${label(from)} (${from.id}): ${intoValue} + ${fromValue} = ${sum}`,
      },
      { ledgerSum: sum },
    );
    scores.push({ score, into: intoValue, from: fromValue, value: change?.value ?? intoValue });
  }

  const tags = new Set(await store.tags.list(intoId));
  const tagsAdded: string[] = [];
  for (const tag of fromTags) if (!tags.has(tag) && (await store.tags.add(intoId, tag))) tagsAdded.push(tag);
  for (const tag of tagsAdded) job.emit({ kind: 'tag', tag });
  const isSegment = await segmentLists(job);
  const listsAdded: string[] = [];
  for (const list of fromLists) if (!isSegment(list) && (await job.joinList(list))) listsAdded.push(list);

  const attributesKept = Object.keys(from.attributes).filter(
    (name) =>
      Object.hasOwn(into.attributes, name) &&
      JSON.stringify(into.attributes[name]) !== JSON.stringify(from.attributes[name]),
  );
  const gaps = Object.fromEntries(
    Object.entries(from.attributes).filter(([name]) => !Object.hasOwn(into.attributes, name)),
  );
  const attributesFilled = (await store.contacts.setAttributes(intoId, gaps))?.changed ?? [];
  for (const attribute of attributesFilled) job.emit({ kind: 'attribute', attribute });
  // The fit rows of both contacts are the survivor's now, but what counts is the survivor's
  // attributes: its fit is set to what its rules give, and kept per rule from here.
  await settleFitAfterMerge(job);

  // Consent given up under either record holds for the person.
  if (from.unsubscribedAt) await store.contacts.unsubscribe(intoId, Date.parse(from.unsubscribedAt));
  if (from.lastEngagedAt) await store.contacts.touchEngagement(intoId, Date.parse(from.lastEngagedAt));

  const summary: MergeSummary = {
    into: intoId,
    from: from.id,
    fromEmail: from.email,
    fromExternalId: from.externalId,
    scores,
    tagsAdded,
    listsAdded,
    attributesFilled,
    attributesKept,
    moved,
    runsCancelled,
  };
  await store.merges.record({ from, intoId, actor, summary });
  await store.contacts.delete(from.id);
  // The runs that follow see the merged contact, engagement counted over both histories.
  await job.reloadContact();
  await noteEngagementLevel(job);
  job.log?.info({ from: from.id }, 'contact merged');
  return summary;
}

/**
 * Merges `fromId` into `intoId` in one transaction, then runs what the changes trigger (score
 * thresholds, bands, tags, lists) and checks exit criteria, like any job. An id that was merged away
 * stands for the contact it went into.
 */
export function mergeContacts(
  deps: ProcessingDeps,
  input: { intoId: string; fromId: string; actor: string | null },
): Promise<{ summary: MergeSummary; contact: Contact; afterCommit: AfterCommit }> {
  const { store } = deps;
  return store.transaction(async () => {
    const intoId = (await store.merges.get(input.intoId))?.intoId ?? input.intoId;
    // Both contacts, in id order so that two merges of the same pair cannot each hold one and wait
    // for the other; with both held, no event, wait or action of either runs until the merge commits.
    // A contact merged away before its lock was taken is found missing by mergeInto.
    const [first, second] = intoId < input.fromId ? [intoId, input.fromId] : [input.fromId, intoId];
    await store.contacts.lock(first);
    if (second !== first) await store.contacts.lock(second);
    let summary: MergeSummary | undefined;
    const job = new JobContext(deps, intoId);
    const afterCommit = await job.work(
      async (j) => {
        summary = await mergeInto(j, input.fromId, input.actor);
      },
      () => checkExits(job),
    );
    return {
      summary: summary as MergeSummary,
      contact: (await store.contacts.get(intoId)) as Contact,
      afterCommit,
    };
  });
}

/**
 * A Segment `alias` call (`previousId` → `userId`) names one person by two ids: the contact that
 * `previousId` names (as an external id, or an email) is merged into the event's contact. When no
 * contact has it yet, it becomes the contact's secondary identifier, so later events with it land here.
 */
export async function mergeAlias(
  job: JobContext,
  properties: Record<string, unknown>,
): Promise<MergeSummary | undefined> {
  const { store } = job.deps;
  const previousId = properties.previousId;
  if (typeof previousId !== 'string' && typeof previousId !== 'number') return undefined;
  const id = String(previousId).trim();
  if (id === '') return undefined;
  const previous =
    (await store.contacts.findByExternalId(id)) ??
    (id.includes('@') ? await store.contacts.findByEmail(id) : undefined);
  if (previous?.id === job.contactId) return undefined;
  if (previous) {
    // The event's contact is locked already, so this second lock may come out of id order: two such
    // merges crossing each other deadlock, and PostgreSQL ends one, which the store runs again.
    await store.contacts.lock(previous.id);
    return mergeInto(job, previous.id, 'alias');
  }
  await store.merges.addIdentity(job.contactId, 'externalId', id);
  return undefined;
}
