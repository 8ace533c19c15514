import { setImmediate as nextTick } from 'node:timers/promises';
import {
  type ContactView,
  type EngineContext,
  fitScoreOf,
  matchesEventTrigger,
  runFlow,
} from '@scoreflow/engine';
import {
  bandOf,
  buildScoringFlow,
  clampScore,
  DEFAULT_BANDS,
  type FlowNode,
  gradeOf,
  type NodeConfig,
  parseNodeConfig,
  type ScoreBand,
  type ScoringModel,
} from '@scoreflow/flow';
import type { ReplayEvent, Store } from '@scoreflow/store';

/** Contacts read per page: bounds memory and how long the event loop is held between pages. */
const PAGE = 500;
/** Movements listed in the answer; `moved` counts them all. */
export const MAX_LISTED_MOVEMENTS = 500;

/** One contact whose band would change under the model. */
export interface BandMovement {
  contactId: string;
  email: string | null;
  scoreNow: number;
  scoreModel: number;
  bandNow: string | null;
  bandModel: string | null;
}

/** One contact whose fit score or grade would change under the model's attribute rules and grading. */
export interface FitMovement {
  contactId: string;
  email: string | null;
  fitNow: number;
  fitModel: number;
  gradeNow: string | null;
  gradeModel: string | null;
}

/** What the attribute rules and grading of a model would change. */
export interface FitBacktest {
  score: string;
  changed: number;
  gradesMoved: number;
  gradeTransitions: { from: string; to: string; count: number }[];
  /** The first MAX_LISTED_MOVEMENTS contacts whose fit or grade would change, in contact id order. */
  movements: FitMovement[];
}

/** What a backtest found: how many contacts would change band, between which bands, and who. */
export interface BacktestResult {
  days: number;
  since: string;
  score: string;
  bands: ScoreBand[];
  /** Contacts with at least one event in the window (the only ones replayed). */
  contacts: number;
  events: number;
  moved: number;
  transitions: { from: string | null; to: string | null; count: number }[];
  /** The first MAX_LISTED_MOVEMENTS movements, in contact id order. */
  movements: BandMovement[];
  /** With attribute rules or grading; null without. */
  fit: FitBacktest | null;
}

interface Trigger {
  id: string;
  config: NodeConfig<'trigger.event'>;
}

/** The document's event triggers by event type, configs parsed once instead of per event. */
function triggersByEvent(nodes: FlowNode[]): Map<string, Trigger[]> {
  const out = new Map<string, Trigger[]>();
  for (const node of nodes) {
    if (node.type !== 'trigger.event') continue;
    const parsed = parseNodeConfig('trigger.event', node.config);
    if (!parsed.success) continue;
    const list = out.get(parsed.data.event) ?? [];
    list.push({ id: node.id, config: parsed.data });
    out.set(parsed.data.event, list);
  }
  return out;
}

const freshContact = (id: string): ContactView => ({
  id,
  attributes: {},
  scores: {},
  tags: [],
  lists: [],
  engagement: 'neutral',
});

/**
 * Replays the last `days` days of stored events through a draft scoring model, in memory: each contact
 * with events in the window starts from 0 and every matching row runs through the engine, exactly as the
 * generated flow would. Only reads the store (live scores, ledger and runs stay as they are) and reports
 * which contacts would land in another band than the one their live score puts them in.
 */
export async function backtestModel(
  store: Store,
  model: ScoringModel,
  days: number,
  now: number = store.now(),
  /** The model as saved, whose grading gives the grades "now" (the draft's when it has none). */
  saved: ScoringModel = model,
): Promise<BacktestResult> {
  const { document } = buildScoringFlow(model);
  const triggers = triggersByEvent(document.nodes);
  const def = await store.scoreDefinitions.get(model.score);
  const bands = def?.bands ?? DEFAULT_BANDS;
  const bounds = def ? { floor: def.floor, cap: def.cap } : undefined;
  const since = now - days * 86_400_000;

  const transitions = new Map<string, { from: string | null; to: string | null; count: number }>();
  const movements: BandMovement[] = [];
  let contacts = 0;
  let events = 0;
  let moved = 0;

  const replay = (contactId: string, own: ReplayEvent[]): number => {
    let view = freshContact(contactId);
    for (const event of own) {
      for (const trigger of triggers.get(event.type) ?? []) {
        const ev = {
          id: event.id,
          type: event.type,
          properties: event.properties,
          occurredAt: event.occurredAt,
        };
        if (!matchesEventTrigger(trigger.config, ev)) continue;
        const ctx: EngineContext = {
          now: event.occurredAt,
          // A scoring model's flow has no split, whose bucket this would seed.
          flowId: 'backtest',
          countEvents: () => 0,
          scoreBounds: (score) => (score === model.score ? bounds : undefined),
        };
        const result = runFlow(document, view, { kind: 'start', triggerNodeId: trigger.id, event: ev }, ctx);
        view = result.contact;
      }
    }
    return view.scores[model.score] ?? 0;
  };

  // Engagement as the replay gives it, for the grades under the model.
  const replayed = new Map<string, number>();
  let after = '';
  for (;;) {
    const ids = await store.eventReplay.contactsWithEvents(since, after, PAGE);
    if (ids.length === 0) break;
    after = ids[ids.length - 1] as string;
    const byContact = new Map<string, ReplayEvent[]>();
    for (const event of await store.eventReplay.eventsOf(ids, since)) {
      const list = byContact.get(event.contactId);
      if (list) list.push(event);
      else byContact.set(event.contactId, [event]);
    }
    for (const live of await store.eventReplay.contactsWithScore(ids, model.score)) {
      const own = byContact.get(live.id) ?? [];
      contacts++;
      events += own.length;
      const scoreModel = replay(live.id, own);
      replayed.set(live.id, scoreModel);
      const bandNow = bandOf(live.score, bands) ?? null;
      const bandModel = bandOf(scoreModel, bands) ?? null;
      if (bandNow === bandModel) continue;
      moved++;
      const key = `${bandNow}\u0000${bandModel}`;
      const t = transitions.get(key) ?? { from: bandNow, to: bandModel, count: 0 };
      t.count++;
      transitions.set(key, t);
      if (movements.length < MAX_LISTED_MOVEMENTS) {
        movements.push({
          contactId: live.id,
          email: live.email,
          scoreNow: live.score,
          scoreModel,
          bandNow,
          bandModel,
        });
      }
    }
    // A long replay must not starve the requests this process also serves.
    await nextTick();
  }

  return {
    days,
    since: new Date(since).toISOString(),
    score: model.score,
    bands,
    contacts,
    events,
    moved,
    transitions: [...transitions.values()].sort((a, b) => b.count - a.count),
    movements,
    fit: await backtestFit(store, model, saved, replayed),
  };
}

/**
 * The attribute rules over every contact's current attributes (fit does not depend on the window),
 * against the stored fit score; with grading, the grade each contact would have (engagement as the
 * replay gives it for contacts active in the window when the model has rows, else as stored) against
 * its grade now.
 */
async function backtestFit(
  store: Store,
  model: ScoringModel,
  saved: ScoringModel,
  replayed: ReadonlyMap<string, number>,
): Promise<FitBacktest | null> {
  if (model.fitRules.length === 0 && model.grading === null) return null;
  const def = await store.scoreDefinitions.get(model.fitScore);
  const gradingNow = saved.grading ?? model.grading;
  const transitions = new Map<string, { from: string; to: string; count: number }>();
  const movements: FitMovement[] = [];
  let changed = 0;
  let gradesMoved = 0;
  const scores = { fit: model.fitScore, engagement: model.score };
  const scoresEngagement = model.rows.some((row) => row.event !== null);
  for (let after = ''; ; ) {
    const page = await store.eventReplay.contactsForFit(after, PAGE, scores);
    if (page.length === 0) break;
    after = page.at(-1)?.id as string;
    for (const c of page) {
      const fitModel = clampScore(fitScoreOf(model.fitRules, c.attributes), def ?? {});
      const gradeNow = gradingNow ? gradeOf(c.fit, c.engagement, gradingNow) : null;
      // A model without rows scores no engagement of its own: its contacts keep the stored one.
      const engagement = scoresEngagement ? (replayed.get(c.id) ?? c.engagement) : c.engagement;
      const gradeModel = model.grading ? gradeOf(fitModel, engagement, model.grading) : null;
      const fitMoved = fitModel !== c.fit;
      const gradeMoved = gradeNow !== null && gradeModel !== null && gradeNow !== gradeModel;
      if (fitMoved) changed++;
      if (gradeMoved) {
        gradesMoved++;
        const key = `${gradeNow}\u0000${gradeModel}`;
        const t = transitions.get(key) ?? { from: gradeNow, to: gradeModel, count: 0 };
        t.count++;
        transitions.set(key, t);
      }
      if ((fitMoved || gradeMoved) && movements.length < MAX_LISTED_MOVEMENTS)
        movements.push({ contactId: c.id, email: c.email, fitNow: c.fit, fitModel, gradeNow, gradeModel });
    }
    await nextTick();
  }
  return {
    score: model.fitScore,
    changed,
    gradesMoved,
    gradeTransitions: [...transitions.values()].sort((a, b) => b.count - a.count),
    movements,
  };
}
