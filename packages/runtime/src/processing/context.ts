import type { ContactEffect, ContactView, EngineInput, EventView } from '@scoreflow/engine';
import type { FlowDocument, NodeConfig } from '@scoreflow/flow';
import type {
  Catalog,
  EdgePasses,
  NewLedgerEntry,
  NewRun,
  NewStep,
  RunRecord,
  Store,
  TriggerMatch,
} from '@scoreflow/store';
import { bindLog, type Log } from '../log.js';
import { nodeRuntime, type SignalTrigger, triggersOn } from '../nodes/index.js';
import type { TriggerType } from '../nodes/triggers.js';
import { noteAccountScore } from './accounts.js';
import { engagementOf } from './engagement.js';
import { executeRun, type FinishDetail, finishRun, startRun } from './execute.js';
import { applyFitRulesOn } from './fit.js';
import type { FlowVersionCache } from './flowCache.js';
import { moveGrades } from './grades.js';
import {
  changeScore,
  DefinitionCache,
  type ScoreCause,
  type ScoreChange,
  type ScoreChangeOptions,
  type ScoreRequest,
  type ScoreTarget,
} from './scoreChange.js';
import { moveBands } from './segments.js';
import { MAX_TRIGGER_DEPTH, type Signal, type SignalInput } from './signals.js';

/** What every job processor needs. `now` is injectable so tests run decay and waits on a test clock. */
export interface ProcessingDeps {
  store: Store;
  flows: FlowVersionCache;
  now: () => number;
  logger?: Log | undefined;
}

/** Runs a committed job started, completed and failed, per flow id. */
export type RunTally = Record<string, { started: number; completed: number; failed: number }>;

/** Work to hand to Redis once the transaction has committed, and what to report about it. */
export interface AfterCommit {
  waits: { id: string; dueAtMs: number }[];
  outbox: string[];
  runs?: RunTally;
}

/** Adds run counts of a flow to the work's report. */
export function countRuns(work: AfterCommit, flowId: string, counts: Partial<RunTally[string]>): void {
  const runs = work.runs ?? {};
  work.runs = runs;
  const tally = runs[flowId] ?? { started: 0, completed: 0, failed: 0 };
  runs[flowId] = {
    started: tally.started + (counts.started ?? 0),
    completed: tally.completed + (counts.completed ?? 0),
    failed: tally.failed + (counts.failed ?? 0),
  };
}

/** The engine's view of a contact, and what else the same reads tell a job about it. */
interface LoadedContact {
  view: ContactView;
  /** The engagement level stored on the contact's row (null before the first computation). */
  storedEngagementLevel: string | null;
  /** Whether the contact had runs running or waiting, and pending event waits, when it was read. */
  activeRuns: boolean;
  eventWaits: boolean;
}

async function loadContact(store: Store, contactId: string, now: number): Promise<LoadedContact> {
  // Independent reads: on a pool they go out together; in a transaction they queue on its connection.
  const [profile, { level }] = await Promise.all([
    store.profiles.get(contactId),
    engagementOf((types, since) => store.events.countInWindows(contactId, types, since), now),
  ]);
  if (!profile) throw new Error(`contact ${contactId} does not exist`);
  const { contact, scores, tags, lists, activeRuns, eventWaits } = profile;
  return {
    view: {
      id: contact.id,
      email: contact.email,
      attributes: contact.attributes,
      scores,
      tags,
      lists,
      engagement: level,
      unsubscribed: contact.unsubscribedAt !== null,
    },
    storedEngagementLevel: contact.engagementLevel,
    activeRuns,
    eventWaits,
  };
}

/** Builds the engine's view of a contact from the store. */
export async function loadContactView(store: Store, contactId: string, now: number): Promise<ContactView> {
  return (await loadContact(store, contactId, now)).view;
}

/**
 * One job: one contact, one transaction. Everything the processing of an event (a wait, a decay step,
 * a manual edit...) does goes through here: changes to the contact, the signals they emit, the runs
 * they start, the work handed to Redis after commit. `work` is the one loop that drains the signals.
 */
export class JobContext implements ScoreTarget {
  readonly now: number;
  readonly afterCommit: AfterCommit = { waits: [], outbox: [], runs: {} };
  /** Score definitions, from the job's catalog. */
  readonly definitions: DefinitionCache;
  /** Every line carries the event, the contact and the runs this job touched. */
  readonly log: Log | undefined;
  private readonly signals: Signal[] = [];
  private readonly runIds: string[] = [];
  /** Trigger hops behind what runs now: set by the work loop only. */
  private depth = 0;
  /** Loaded when first read: until then the store is the contact, changes included. */
  private view: ContactView | undefined;
  /**
   * The trigger index and score definitions this job works with, read once per job (five flows adding
   * to SCORE signal the same score five times). What a job sees of the published flows and of the
   * definitions does not change while it runs.
   */
  private catalogRead: Promise<Catalog> | undefined;
  /**
   * Scores as this job read or wrote them. The contact is locked for the job and every score change of
   * a job goes through `changeScore`, so a value seen once stays current: five flows adding to SCORE
   * read it once.
   */
  readonly scoreValues = new Map<string, number>();
  /** True once every score of the contact is in `scoreValues`: a score absent from it is 0. */
  scoresComplete = false;
  /**
   * The engagement level stored on the contact's row, once this job has read it with the contact (then
   * it stays current: the row is locked and the job changes it through `storeEngagementLevel` only).
   */
  private storedEngagementLevel: string | null | undefined;
  /**
   * New runs, run steps and edge passes gathered while `work` runs, written at its end in one statement
   * per table instead of one per run (runs first: steps point at them). A job reads none of them back,
   * except a resumed run's earlier steps and the contact's last run of a flow (both written first, see
   * `readSteps` and `writeGatheredRuns`). A new run that waits has its row written before its waits,
   * which point at it, so a run still gathered has ended: no read of the contact's active runs misses
   * one. The edge counters are rows the runs of every contact share: written last, their locks are held
   * for the shortest time (PostgreSQL holds them to the commit). Score changes are gathered too (their
   * ledger rows in order, then each changed score's last value): the job knows the contact's scores
   * (`scoreValues`), and what reads the ledger or the stored scores in a job (an engine's gains read, a
   * merge) and every change written at once (keyed, a merge's) has the gathered ones written first.
   */
  private gathered:
    | { runs: NewRun[]; steps: NewStep[]; edges: EdgePasses[]; ledger: NewLedgerEntry[] }
    | undefined;
  /**
   * The contact's list memberships as stored, and the joins and leaves of this job not written yet:
   * written at the end of `work` as they net out (a band list joined and left again as one event moves
   * the score through it is never written), in one statement each. The view holds the lists as they
   * are; the job reads lists from nothing else, except when it loads the contact again (`reloadContact`
   * writes them first). Undefined until the contact's view is loaded.
   */
  private memberships: { stored: Set<string>; changes: Map<string, 'join' | 'leave'> } | undefined;
  /**
   * What the contact's profile said of its active runs and event waits when this job read it, and
   * whether the job wrote runs since: together they say when the reads of both can be spared.
   */
  private loadedRuns: { activeRuns: boolean; eventWaits: boolean } | undefined;
  private wroteRuns = false;
  /** Runs created in this job and not executed yet: whatever waits they have, this job makes. */
  private readonly unexecuted = new Set<string>();

  constructor(
    readonly deps: ProcessingDeps,
    readonly contactId: string,
    /** The event this job processes (or that started the run support retries). */
    readonly eventId?: string,
  ) {
    this.now = deps.now();
    this.definitions = new DefinitionCache(() => this.catalog());
    this.log = bindLog(deps.logger, { contactId, ...(eventId ? { eventId } : {}) }, () =>
      this.runIds.length > 0 ? { runIds: [...this.runIds] } : {},
    );
  }

  /** The contact as the next run sees it: the effects of earlier runs in this job included. */
  async contact(): Promise<ContactView> {
    if (!this.view) {
      const loaded = await loadContact(this.deps.store, this.contactId, this.now);
      this.view = loaded.view;
      this.loadedRuns = { activeRuns: loaded.activeRuns, eventWaits: loaded.eventWaits };
      this.memberships = { stored: new Set(loaded.view.lists), changes: new Map() };
      if (this.storedEngagementLevel === undefined) this.storedEngagementLevel = loaded.storedEngagementLevel;
      // The scores just read are current, except those this job has changed already (kept as written).
      for (const [name, value] of Object.entries(loaded.view.scores))
        if (!this.scoreValues.has(name)) this.scoreValues.set(name, value);
      this.scoresComplete = true;
    }
    return this.view;
  }

  /** Stores the contact's engagement level; returns the one it replaces (null when none was stored). */
  async storeEngagementLevel(level: string): Promise<string | null> {
    const previous = await this.deps.store.contacts.setEngagementLevel(
      this.contactId,
      level,
      this.storedEngagementLevel,
    );
    this.storedEngagementLevel = level;
    return previous;
  }

  /**
   * Loads the contact again (after a merge changed it in the store), list changes of this job written
   * first; scores and the stored engagement level stay as this job knows them.
   */
  async reloadContact(): Promise<ContactView> {
    await this.writeMemberships();
    this.view = undefined;
    this.memberships = undefined;
    return this.contact();
  }

  patchContact(patch: (contact: ContactView) => ContactView): void {
    if (this.view) this.view = patch(this.view);
  }

  /** A run's engine result is the contact after its effects. */
  adoptContact(contact: ContactView): void {
    this.view = contact;
  }

  /** Queues a change for the triggers it may fire, at the depth of what is running now. */
  emit(signal: SignalInput): void {
    this.signals.push({ ...signal, depth: this.depth } as Signal);
  }

  /** Runs each phase at depth 0, each followed by the runs its changes trigger, breadth first. */
  async work(...phases: ((job: this) => Promise<unknown>)[]): Promise<AfterCommit> {
    this.gathered = { runs: [], steps: [], edges: [], ledger: [] };
    try {
      for (const phase of phases) {
        this.depth = 0;
        await phase(this);
        await this.drain();
      }
      await this.writeGathered();
    } finally {
      // Failed, the transaction is rolled back with what it wrote; nothing gathered may outlive it.
      this.gathered = undefined;
    }
    return this.afterCommit;
  }

  /** Writes a new run's row: at the end of `work` (or before what needs it), or now outside it. */
  async createRun(run: NewRun): Promise<void> {
    if (this.gathered) this.gathered.runs.push(run);
    else {
      this.wroteRuns = true;
      await this.deps.store.runs.create(run);
    }
  }

  /**
   * Whether the contact may have runs running or waiting: it had some when its profile was read, or
   * this job wrote runs since (a run still gathered has ended, see `gathered`). False spares the exit
   * checks their read of the contact's active runs. A run written other than by `createRun` (a support
   * restart's) is written before the job reads the profile, which then counts it.
   */
  async mayHaveActiveRuns(): Promise<boolean> {
    await this.contact();
    return this.wroteRuns || (this.loadedRuns?.activeRuns ?? true);
  }

  /**
   * Whether the contact may have pending waits for an event: it had some when its profile was read, or
   * this job created waits since. False spares an event's job the look-up of the waits it resumes.
   */
  async mayHaveEventWaits(): Promise<boolean> {
    await this.contact();
    return this.afterCommit.waits.length > 0 || (this.loadedRuns?.eventWaits ?? true);
  }

  /** Writes the new runs gathered so far: before a read of the contact's runs, or rows pointing at them. */
  async writeGatheredRuns(): Promise<void> {
    const gathered = this.gathered;
    if (!gathered || gathered.runs.length === 0) return;
    const { runs } = gathered;
    gathered.runs = [];
    this.wroteRuns = true;
    await this.deps.store.runs.createMany(runs);
  }

  /** Takes a score change to write at the end of `work`; outside it, the change is written now. */
  gatherScoreChange(row: NewLedgerEntry): boolean {
    if (!this.gathered) return false;
    this.gathered.ledger.push(row);
    return true;
  }

  /** Writes the score changes gathered so far: their ledger rows in order, then each score's last value. */
  async writeGatheredScores(): Promise<void> {
    const gathered = this.gathered;
    if (!gathered || gathered.ledger.length === 0) return;
    const { ledger } = gathered;
    gathered.ledger = [];
    const { store } = this.deps;
    await store.ledger.appendMany(ledger);
    // setMany keeps each score's last value.
    await store.scores.setMany(
      ledger.map((row) => ({ contactId: row.contactId, name: row.score, value: row.value })),
    );
  }

  /** Records a run's steps: at the end of `work`, or now outside it. */
  async recordSteps(steps: readonly NewStep[]): Promise<void> {
    if (this.gathered) this.gathered.steps.push(...steps);
    else await this.deps.store.steps.recordMany(steps);
  }

  /** Counts a run's passes over edges: at the end of `work`, or now outside it. */
  async countEdges(passes: EdgePasses): Promise<void> {
    if (this.gathered) this.gathered.edges.push(passes);
    else await this.deps.store.edgeCounts.incrementMany([passes]);
  }

  /** A run's steps so far, those gathered in this job included. */
  async readSteps(runId: string) {
    await this.writeGathered();
    return this.deps.store.steps.listForRun(runId);
  }

  private async writeGathered(): Promise<void> {
    await this.writeGatheredRuns();
    await this.writeGatheredScores();
    await this.writeMemberships();
    const gathered = this.gathered;
    if (!gathered) return;
    const { steps, edges } = gathered;
    gathered.steps = [];
    gathered.edges = [];
    if (steps.length > 0) await this.deps.store.steps.recordMany(steps);
    if (edges.length > 0) await this.deps.store.edgeCounts.incrementMany(edges);
  }

  /**
   * Starts the flows triggered by changes made so far, in the same transaction, so "score reached 50
   * → send the offer" happens with the event that crossed 50.
   */
  private async drain(): Promise<void> {
    const { store, flows } = this.deps;
    for (let signal = this.signals.shift(); signal; signal = this.signals.shift()) {
      this.depth = signal.depth;
      // What a change moves besides flows: bands, grades and the account follow a score; fit scores
      // follow the attributes their rules read (and signal their own change in turn).
      if (signal.kind === 'score') {
        await moveBands(this, signal);
        await moveGrades(this, signal);
        await noteAccountScore(this, signal);
      } else if (signal.kind === 'attribute') await applyFitRulesOn(this, signal.attribute);
      const matches: { trigger: SignalTrigger; match: TriggerMatch }[] = [];
      for (const trigger of triggersOn(signal.kind)) {
        for (const match of await this.findTriggers(trigger.type, trigger.key(signal)))
          matches.push({ trigger, match });
      }
      if (matches.length === 0) continue;
      if (signal.depth >= MAX_TRIGGER_DEPTH) {
        this.log?.warn(
          { signal },
          `trigger depth limit of ${MAX_TRIGGER_DEPTH} reached: flows trigger each other in a loop`,
        );
        continue;
      }
      this.depth = signal.depth + 1;
      for (const { trigger, match } of matches) {
        const node = (await flows(match.flowId, match.version))?.nodes.find((n) => n.id === match.nodeId);
        if (!node) continue;
        const fires =
          (await trigger.fires?.({
            store,
            contactId: this.contactId,
            flowId: match.flowId,
            nodeId: node.id,
            // Published versions were validated against the node's schema when they were published.
            config: node.config as NodeConfig<TriggerType>,
            signal,
          })) ?? true;
        if (fires) await this.startRun(match, { kind: 'start', triggerNodeId: match.nodeId });
      }
    }
    this.depth = 0;
  }

  /** The catalog this job works with (see `catalogRead`). */
  catalog(): Promise<Catalog> {
    this.catalogRead ??= this.deps.store.catalog.current();
    return this.catalogRead;
  }

  private async findTriggers(type: string, key: string): Promise<readonly TriggerMatch[]> {
    return (await this.catalog()).find(type, key);
  }

  /** Starts the runs of the flows whose event trigger matches this event. */
  async fireEvent(event: EventView): Promise<void> {
    const { flows } = this.deps;
    const trigger = nodeRuntime['trigger.event'];
    for (const match of await this.findTriggers('trigger.event', event.type)) {
      const node = (await flows(match.flowId, match.version))?.nodes.find((n) => n.id === match.nodeId);
      if (!node || !trigger.fires(node.config as NodeConfig<'trigger.event'>, event)) continue;
      await this.startRun(match, { kind: 'start', triggerNodeId: match.nodeId, event });
    }
  }

  /** Starts a run at a trigger node if the flow's re-entry policy lets the contact in. */
  startRun(
    target: { flowId: string; version: number; nodeId: string },
    input: EngineInput & { kind: 'start' },
  ): Promise<RunRecord | undefined> {
    return startRun(this, target, input);
  }

  /** Runs the engine for a run that exists (resumed, retried or restarted) and persists what it did. */
  executeRun(run: RunRecord, doc: FlowDocument, input: EngineInput): Promise<void> {
    return executeRun(this, run, doc, input);
  }

  /** Sets a run's status after an engine invocation, or when it exits. */
  async finishRun(
    run: RunRecord,
    status: 'completed' | 'waiting' | 'exited' | 'failed',
    detail: FinishDetail = {},
  ): Promise<void> {
    this.countEnded(run, await finishRun(this, run.id, status, detail));
  }

  /** Counts a run that completed or failed in this job, for the report. */
  countEnded(run: RunRecord, status: 'completed' | 'waiting' | 'exited' | 'failed'): void {
    if (status === 'completed' || status === 'failed')
      countRuns(this.afterCommit, run.flowId, { [status]: 1 });
  }

  /** Notes a run this job executes (and whether it created it), for its log lines and the report. */
  noteRun(run: RunRecord, started: boolean): void {
    if (!this.runIds.includes(run.id)) this.runIds.push(run.id);
    if (started) {
      countRuns(this.afterCommit, run.flowId, { started: 1 });
      this.unexecuted.add(run.id);
    }
  }

  /** True once for a run this job created, at its first execution: it has no waits from before. */
  firstExecutionOfNewRun(runId: string): boolean {
    return this.unexecuted.delete(runId);
  }

  /** The one way a score changes in a job (see changeScore). */
  changeScore(
    request: ScoreRequest,
    cause: ScoreCause,
    options?: ScoreChangeOptions,
  ): Promise<ScoreChange | undefined> {
    return changeScore(this, request, cause, options);
  }

  /** Applies one change a run made to the contact; changes that triggers listen to are signalled. */
  async apply(effect: ContactEffect, cause: ScoreCause): Promise<void> {
    const { store } = this.deps;
    switch (effect.kind) {
      case 'score':
        await this.changeScore(
          { score: effect.score, value: effect.value },
          { ...cause, nodeId: effect.nodeId },
        );
        return;
      case 'attribute':
        // The run's own contact, adopted when it ends, already holds the value.
        if (
          (await store.contacts.setAttribute(this.contactId, effect.attribute, effect.value))?.changed.length
        )
          this.emit({ kind: 'attribute', attribute: effect.attribute });
        return;
      case 'tag':
        if (effect.op === 'remove') await store.tags.remove(this.contactId, effect.tag);
        else if (await store.tags.add(this.contactId, effect.tag))
          this.emit({ kind: 'tag', tag: effect.tag });
        return;
      case 'list':
        if (effect.op === 'remove') await this.leaveList(effect.list);
        else await this.joinList(effect.list);
        return;
    }
  }

  /** Adds the contact to a list; joining (not being there already) is signalled. */
  async joinList(list: string): Promise<boolean> {
    // The view holds the contact's lists as this job changed them (its row is locked).
    if ((await this.contact()).lists.includes(list)) return false;
    await this.changeMembership(list, 'join');
    this.patchContact((c) => ({ ...c, lists: [...c.lists, list] }));
    this.emit({ kind: 'list', list });
    return true;
  }

  async leaveList(list: string): Promise<void> {
    if (!(await this.contact()).lists.includes(list)) return;
    await this.changeMembership(list, 'leave');
    this.patchContact((c) => ({ ...c, lists: c.lists.filter((l) => l !== list) }));
  }

  /** Notes a join or leave against what is stored (a change back cancels it); written now outside `work`. */
  private async changeMembership(list: string, change: 'join' | 'leave'): Promise<void> {
    const memberships = this.memberships as NonNullable<typeof this.memberships>;
    if (memberships.stored.has(list) === (change === 'join')) memberships.changes.delete(list);
    else memberships.changes.set(list, change);
    if (!this.gathered) await this.writeMemberships();
  }

  private async writeMemberships(): Promise<void> {
    const memberships = this.memberships;
    if (!memberships || memberships.changes.size === 0) return;
    const { stored, changes } = memberships;
    memberships.changes = new Map();
    const joined = [...changes].filter(([, c]) => c === 'join').map(([list]) => list);
    const left = [...changes].filter(([, c]) => c === 'leave').map(([list]) => list);
    const { lists } = this.deps.store;
    if (left.length > 0) await lists.removeMany(this.contactId, left);
    if (joined.length > 0) await lists.addMany(joined.map((name) => ({ contactId: this.contactId, name })));
    for (const list of left) stored.delete(list);
    for (const list of joined) stored.add(list);
  }
}
