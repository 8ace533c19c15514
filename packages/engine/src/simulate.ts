import {
  bandOf,
  clampScore,
  contactGrade,
  type DecayPolicy,
  expiresAt,
  type FlowDocument,
  type GradedModel,
  idlePeriods,
  nodeName,
  percentDecayed,
  resetDue,
  type ScoreBand,
} from '@scoreflow/flow';
import { compareScore } from './executors/conditions.js';
import { runFlow } from './run.js';
import type {
  ContactView,
  Effect,
  EngineContext,
  EngineInput,
  EngineResult,
  StepResult,
  WaitRequest,
} from './types.js';

const DAY_MS = 86_400_000;

/** A named score as the simulation needs it: bounds, bands and decay. */
export interface SimulatedScore {
  name: string;
  floor: number | null;
  cap: number | null;
  bands: readonly ScoreBand[] | null;
  decay: DecayPolicy | null;
}

export interface SimulationInput {
  doc: FlowDocument;
  contact: ContactView;
  /** How the contact enters: a trigger (with its event). */
  start: Extract<EngineInput, { kind: 'start' }>;
  /** When it enters (epoch ms). */
  startAt: number;
  /** How many days to simulate after entering, 1..366. */
  days: number;
  scores: readonly SimulatedScore[];
  /** The scoring models that grade contacts: each day shows the grade under each. */
  gradedModels?: readonly GradedModel[];
  /** The flow id the split and A/B test buckets use. */
  flowId: string;
}

/** Something that happened at a moment of simulated time. */
export interface SimulatedMoment {
  at: number;
  kind: 'step' | 'decay' | 'exit';
  text: string;
  nodeId?: string;
}

/** The contact at the end of a simulated day. */
export interface SimulatedDay {
  /** 0 is the day it entered. */
  day: number;
  at: number;
  scores: Record<string, number>;
  /** The band of each score that has bands. */
  bands: Record<string, string | null>;
  /** The grade under each grading model, by model name. */
  grades: Record<string, string>;
}

export interface SimulationResult {
  status: EngineResult['status'];
  exitReason?: string;
  error?: string;
  steps: (StepResult & { at: number })[];
  effects: Effect[];
  nodeIds: string[];
  edgeIds: string[];
  timeline: SimulatedMoment[];
  days: SimulatedDay[];
  /** The contact when the simulation ends. */
  contact: ContactView;
  /** What the contact still waits for when the simulated days end (a wait, send window or cap). */
  waits: WaitRequest[];
}

/** A gain that an `expire` policy takes back later. */
interface Gain {
  score: string;
  delta: number;
  at: number;
}

/** What may happen next, at its moment. */
type Next =
  | { at: number; kind: 'wait'; wait: WaitRequest }
  | { at: number; kind: 'expire'; gain: Gain; days: number }
  | { at: number; kind: 'percent'; score: SimulatedScore; period: number }
  | { at: number; kind: 'reset'; score: SimulatedScore }
  | { at: number; kind: 'inactive'; criterion: string; days: number; events: readonly string[] };

/**
 * Runs a made-up contact through a flow over simulated time with the same engine as the server: it
 * enters at `startAt`, each wait is taken when it is due (a wait for an event times out: the
 * simulated contact sends nothing more), score decay applies when its policy says (with the sweep's
 * arithmetic), and exit criteria take it out at the moment they would. Nothing is stored or sent.
 * Waits that a send window or a frequency cap would add are computed by the engine itself.
 */
export function simulateThroughTime(input: SimulationInput): SimulationResult {
  const defs = new Map(input.scores.map((s) => [s.name, s]));
  const end = input.startAt + input.days * DAY_MS;
  const out: SimulationResult = {
    status: 'completed',
    steps: [],
    effects: [],
    nodeIds: [],
    edgeIds: [],
    timeline: [],
    days: [],
    contact: input.contact,
    waits: [],
  };
  let contact = input.contact;
  let waits: WaitRequest[] = [];
  const gains: Gain[] = [];
  const applied = new Set<string>();
  let stepsSoFar = 0;
  let nextDay = 0;

  const ctx = (now: number): EngineContext => ({
    now,
    flowId: input.flowId,
    // The simulated contact sends no event after the one it entered with.
    countEvents: (type, sinceMs) =>
      input.start.event && input.start.event.type === type && input.startAt >= sinceMs ? 1 : 0,
    scoreBounds: (score) => {
      const def = defs.get(score);
      return def ? { floor: def.floor, cap: def.cap } : undefined;
    },
    gradedModel: (name) => input.gradedModels?.find((m) => m.name === name),
    stepsSoFar,
  });

  const snapshot = (day: number, at: number) => {
    const bands: Record<string, string | null> = {};
    // Only scores the contact holds: a definition it never touched is no column of its day.
    for (const def of input.scores)
      if (def.bands?.length && def.name in contact.scores)
        bands[def.name] = bandOf(score(def.name), def.bands) ?? null;
    const grades: Record<string, string> = {};
    // Like the scores: a model neither of whose scores the contact holds is no column of its day.
    for (const model of input.gradedModels ?? [])
      if (model.fitScore in contact.scores || model.score in contact.scores)
        grades[model.name] = contactGrade(model, contact.scores);
    out.days.push({ day, at, scores: { ...contact.scores }, bands, grades });
  };
  const score = (name: string) => contact.scores[name] ?? 0;
  const setScore = (name: string, value: number) => {
    const def = defs.get(name);
    contact = { ...contact, scores: { ...contact.scores, [name]: clampScore(value, def ?? {}) } };
  };
  // Days end at the same time of day as the entry, so day N reads "N days after entering".
  const closeDaysUntil = (at: number) => {
    while (nextDay <= input.days && input.startAt + nextDay * DAY_MS <= at) {
      snapshot(nextDay, input.startAt + nextDay * DAY_MS);
      nextDay++;
    }
  };

  const invoke = (engineInput: EngineInput, at: number) => {
    const result = runFlow(input.doc, contact, engineInput, ctx(at));
    stepsSoFar += result.steps.length;
    contact = result.contact;
    out.steps.push(...result.steps.map((s) => ({ ...s, at })));
    out.effects.push(...result.effects);
    out.edgeIds.push(...result.edges);
    for (const step of result.steps) {
      if (!out.nodeIds.includes(step.nodeId)) out.nodeIds.push(step.nodeId);
      out.timeline.push({
        at,
        kind: 'step',
        text: nodeName(input.doc, step.nodeId, step.nodeType).text,
        nodeId: step.nodeId,
      });
    }
    for (const effect of result.effects)
      if (effect.kind === 'score' && effect.delta > 0)
        gains.push({ score: effect.score, delta: effect.delta, at });
    waits = waits.concat(result.waits);
    out.status = result.status;
    if (result.exitReason !== undefined) out.exitReason = result.exitReason;
    if (result.error !== undefined) out.error = result.error;
  };

  const exitNow = (at: number, reason: string) => {
    out.status = 'exited';
    out.exitReason = reason;
    waits = [];
    out.timeline.push({ at, kind: 'exit', text: reason });
  };

  /** The goal exit, checked after every change as the runtime checks it on every event and sweep. */
  const goalReached = (at: number) => {
    for (const criterion of input.doc.settings.exits) {
      if (criterion.kind !== 'goal') continue;
      if (compareScore(score(criterion.score), criterion.op, criterion.value)) {
        exitNow(at, `goal reached: ${criterion.score} ${criterion.op} ${criterion.value}`);
        return true;
      }
    }
    return false;
  };

  const upcoming = (): Next[] => {
    const list: Next[] = waits.map((wait) => ({ at: wait.dueAt, kind: 'wait', wait }));
    for (const def of input.scores) {
      const policy = def.decay;
      if (policy === null) continue;
      if (policy.kind === 'expire') {
        for (const gain of gains)
          if (gain.score === def.name && !applied.has(`expire:${gain.at}:${gains.indexOf(gain)}`))
            list.push({ at: expiresAt(gain.at, policy), kind: 'expire', gain, days: policy.days });
      } else if (policy.kind === 'percent') {
        // The contact engaged when it entered (if its event is an engagement event) or never: idle since then.
        for (let period = 1; period <= idlePeriods(end - input.startAt, policy); period++)
          if (!applied.has(`percent:${def.name}:${period}`))
            list.push({
              at: input.startAt + period * policy.periodDays * DAY_MS,
              kind: 'percent',
              score: def,
              period,
            });
      } else if (!applied.has(`reset:${def.name}`) && resetDue(end - input.startAt, policy)) {
        list.push({ at: input.startAt + policy.days * DAY_MS, kind: 'reset', score: def });
      }
    }
    if (out.status === 'waiting')
      for (const criterion of input.doc.settings.exits)
        if (criterion.kind === 'inactivity')
          list.push({
            at: input.startAt + criterion.days * DAY_MS,
            kind: 'inactive',
            criterion: criterion.id,
            days: criterion.days,
            events: criterion.events,
          });
    return list.filter((n) => n.at <= end).sort((a, b) => a.at - b.at);
  };

  invoke(input.start, input.startAt);
  if (out.status === 'waiting') goalReached(input.startAt);
  for (;;) {
    const [next] = upcoming();
    if (next === undefined) break;
    closeDaysUntil(next.at - 1);
    if (next.kind === 'wait') {
      waits = waits.filter((w) => w !== next.wait);
      const outcome = next.wait.kind === 'event' ? 'timeout' : 'elapsed';
      invoke({ kind: 'resume', waitNodeId: next.wait.nodeId, outcome }, next.at);
      // Another branch may still wait although this one completed.
      if (out.status === 'completed' && waits.length > 0) out.status = 'waiting';
      if (out.status === 'waiting') goalReached(next.at);
      continue;
    }
    if (next.kind === 'inactive') {
      const criterion = input.doc.settings.exits.find((e) => e.id === next.criterion);
      // The exit's own score changes, as the runtime applies them when it takes the contact out.
      for (const change of criterion?.kind === 'inactivity' ? criterion.scores : []) {
        const was = score(change.score);
        setScore(change.score, change.kind === 'set' ? change.value : was + change.delta);
        out.timeline.push({
          at: next.at,
          kind: 'decay',
          text: `${change.score} ${was} → ${score(change.score)}: leaving after ${next.days} days without ${next.events.join(' or ')}`,
        });
      }
      exitNow(next.at, `inactive: no ${next.events.join(' or ')} for ${next.days} days`);
      continue;
    }
    if (next.kind === 'expire') {
      applied.add(`expire:${next.gain.at}:${gains.indexOf(next.gain)}`);
      const was = score(next.gain.score);
      setScore(next.gain.score, was - next.gain.delta);
      out.timeline.push({
        at: next.at,
        kind: 'decay',
        text: `${next.gain.score} ${was} → ${score(next.gain.score)}: ${next.gain.delta} point(s) expired after ${next.days} days`,
      });
    } else if (next.kind === 'percent') {
      applied.add(`percent:${next.score.name}:${next.period}`);
      const policy = next.score.decay as Extract<DecayPolicy, { kind: 'percent' }>;
      const was = score(next.score.name);
      setScore(next.score.name, percentDecayed(was, policy));
      out.timeline.push({
        at: next.at,
        kind: 'decay',
        text: `${next.score.name} ${was} → ${score(next.score.name)}: -${policy.percent}% for inactivity period ${next.period}`,
      });
    } else {
      applied.add(`reset:${next.score.name}`);
      const policy = next.score.decay as Extract<DecayPolicy, { kind: 'reset' }>;
      const was = score(next.score.name);
      setScore(next.score.name, policy.value);
      out.timeline.push({
        at: next.at,
        kind: 'decay',
        text: `${next.score.name} ${was} → ${score(next.score.name)}: reset after ${policy.days} days without engagement`,
      });
    }
    if (out.status === 'waiting') goalReached(next.at);
  }
  closeDaysUntil(end);
  out.contact = contact;
  out.waits = waits;
  return out;
}
