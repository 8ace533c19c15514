import {
  type SimulatedDay,
  type SimulatedScore,
  type SimulationResult,
  simulateThroughTime,
} from '@scoreflow/engine';
import {
  DEFAULT_TIME_ZONE,
  type FlowDocument,
  getNodeDefinition,
  isNodeType,
  type NodeConfig,
  type NodeType,
  nodeName,
  type ScoreDefinition,
} from '@scoreflow/flow';
import { contactOf, DRY_RUN_FLOW, type DryRunInput, startOf } from './dryRun.js';

/** How far a dry run through time looks ahead unless told otherwise, and at most (a leap year). */
export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;

/** What the simulation needs of an installation's score definitions. */
export type ScoreDefinitionLike = Pick<ScoreDefinition, 'name' | 'floor' | 'cap' | 'bands' | 'decay'>;

/**
 * Runs the test contact through the draft over `days` simulated days from `startAt`, with the
 * engine the server runs. Nothing is stored or sent: the simulation only reports what would happen.
 */
export function simulateDryRun(
  doc: FlowDocument,
  input: DryRunInput,
  options: { startAt: number; days: number; scores: readonly ScoreDefinitionLike[] },
): SimulationResult {
  const scores: SimulatedScore[] = options.scores.map((d) => ({
    name: d.name,
    floor: d.floor,
    cap: d.cap,
    bands: d.bands,
    decay: d.decay,
  }));
  return simulateThroughTime({
    doc,
    contact: contactOf(input),
    start: startOf(input, options.startAt),
    startAt: options.startAt,
    days: options.days,
    scores,
    ...(input.gradedModels ? { gradedModels: input.gradedModels } : {}),
    flowId: DRY_RUN_FLOW,
  });
}

/** The number of days typed in, when it is a whole number the simulation accepts. */
export function parseDays(text: string): number | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_DAYS ? n : undefined;
}

/** The flow's clock: its own time zone, else the default one. */
export function zoneOf(doc: Pick<FlowDocument, 'settings'>): string {
  return doc.settings.timezone ?? DEFAULT_TIME_ZONE;
}

const sameDay = (a: SimulatedDay, b: SimulatedDay) =>
  JSON.stringify([a.scores, a.bands, a.grades]) === JSON.stringify([b.scores, b.bands, b.grades]);

/**
 * The days worth a row: the first, the last and each day that ends with a different score or band
 * than the day before (a month of unchanged rows would hide the few that matter).
 */
export function daysToShow(days: readonly SimulatedDay[]): SimulatedDay[] {
  return days.filter((d, i) => {
    const before = days[i - 1];
    return i === 0 || i === days.length - 1 || before === undefined || !sameDay(before, d);
  });
}

/**
 * The table's score columns: every score the contact has on some day, in first-seen order, with
 * whether it has bands. A defined score the contact never has would be a column of dashes.
 */
export function scoreColumns(days: readonly SimulatedDay[]): { name: string; banded: boolean }[] {
  const names: string[] = [];
  const banded = new Set<string>();
  for (const d of days) {
    for (const name of Object.keys(d.scores)) if (!names.includes(name)) names.push(name);
    for (const name of Object.keys(d.bands)) banded.add(name);
  }
  return names.map((name) => ({ name, banded: banded.has(name) }));
}

/** The grading models the days carry a grade for, in the order they first appear. */
export function gradeColumns(days: readonly SimulatedDay[]): string[] {
  const names: string[] = [];
  for (const d of days) for (const name of Object.keys(d.grades)) if (!names.includes(name)) names.push(name);
  return names;
}

const isWait = (type: string) => type.startsWith('control.wait');

/** Where the simulation ended, in words: "Completed", "Still waiting at Wait for event", ... */
export function describeOutcome(result: SimulationResult, doc: FlowDocument): string {
  switch (result.status) {
    case 'completed':
      return 'Completed';
    case 'waiting': {
      const names = result.waits.map((w) => nodeName(doc, w.nodeId).text);
      return names.length > 0 ? `Still waiting at ${names.join(' and ')}` : 'Still waiting';
    }
    case 'exited':
      return `Exited${result.exitReason ? `: ${result.exitReason}` : ''}`;
    case 'failed':
      return `Failed: ${result.error ?? 'unknown error'}`;
  }
}

/**
 * A step as the timeline names it: its own name, and what it does when the name does not say
 * ("Adjust score: +10 SCORE", "Wait 3 days").
 */
export function describeStep(doc: FlowDocument, nodeId: string, nodeType: string): string {
  const name = nodeName(doc, nodeId, nodeType).text;
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node || !isNodeType(node.type)) return name;
  let summary: string;
  try {
    summary = getNodeDefinition(node.type).summary(node.config as NodeConfig<NodeType>);
  } catch {
    // A half-configured step may not summarise; its name is enough.
    return name;
  }
  if (!summary || summary === name) return name;
  const plain = nodeName(doc, nodeId, nodeType).name;
  return summary.startsWith(plain) && plain === name ? summary : `${name}: ${summary}`;
}

/** A moment of the timeline, in words. */
export type TimelineRow = { at: number; kind: 'step' | 'decay' | 'exit'; text: string };

/**
 * The timeline in words. A wait shows twice, when the contact starts waiting and when it moves on,
 * so each says which ("Wait 3 days: waiting", "Wait 3 days: over").
 */
export function timelineRows(result: SimulationResult, doc: FlowDocument): TimelineRow[] {
  let step = 0;
  return result.timeline.map((m) => {
    if (m.kind !== 'step' || m.nodeId === undefined) return { at: m.at, kind: m.kind, text: m.text };
    // Each step moment is the next step of the simulation, in the same order.
    const taken = result.steps[step++];
    const type = taken?.nodeType ?? '';
    const text = describeStep(doc, m.nodeId, type);
    if (!isWait(type) || taken?.nodeId !== m.nodeId) return { at: m.at, kind: m.kind, text };
    const state = taken.handle === undefined ? 'waiting' : taken.handle === 'timeout' ? 'timed out' : 'over';
    return { at: m.at, kind: m.kind, text: `${text}: ${state}` };
  });
}
