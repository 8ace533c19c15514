import type { SimulatedDay } from '@scoreflow/engine';
import { DEFAULT_GRADING, type FlowDocument } from '@scoreflow/flow';
import { edge, flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import type { DryRunInput } from './dryRun.js';
import {
  daysToShow,
  describeOutcome,
  describeStep,
  gradeColumns,
  parseDays,
  scoreColumns,
  simulateDryRun,
  timelineRows,
} from './throughTime.js';

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T09:00:00Z');

/** clicked -> +10 -> wait 3 days -> +5 -> wait for a click up to 7 days -> timeout: -5 */
function nurture(): FlowDocument {
  return flow(
    [
      node('t', 'trigger.event', { event: 'form.submitted' }),
      node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
      node('w', 'control.wait', { seconds: 3 * 86_400 }),
      node('b', 'action.adjustScore', { score: 'SCORE', delta: 5 }),
      node('e', 'control.waitForEvent', { event: 'email.clicked', timeoutSeconds: 7 * 86_400 }),
      node('c', 'action.adjustScore', { score: 'SCORE', delta: -5 }),
    ],
    [
      edge('e1', 't', 'a'),
      edge('e2', 'a', 'w'),
      edge('e3', 'w', 'b'),
      edge('e4', 'b', 'e'),
      edge('e5', 'e', 'c', 'timeout'),
    ],
    { name: 'Nurture' },
  );
}

const input: DryRunInput = {
  scores: { SCORE: 0 },
  tags: [],
  lists: [],
  attributes: {},
  engagement: 'neutral',
  triggerNodeId: 't',
  eventType: 'form.submitted',
  eventProperties: {},
};

const day = (n: number, score: number, band: string | null = null): SimulatedDay => ({
  day: n,
  at: START + n * DAY,
  scores: { SCORE: score },
  bands: band === null ? {} : { SCORE: band },
  grades: {},
});

describe('dry run through time', () => {
  it('takes the waits when due and decays the score as its policy says', () => {
    const result = simulateDryRun(nurture(), input, {
      startAt: START,
      days: 30,
      scores: [
        {
          name: 'SCORE',
          floor: null,
          cap: null,
          bands: null,
          decay: { kind: 'percent', percent: 10, periodDays: 7, events: ['email.clicked'] },
        },
      ],
    });
    const shown = daysToShow(result.days).map((d) => [d.day, d.scores.SCORE]);
    expect(shown).toEqual([
      [0, 10],
      [3, 15],
      [7, 13.5],
      [10, 8.5],
      [14, 7.65],
      [21, 6.89],
      [28, 6.2],
      [30, 6.2],
    ]);
    expect(describeOutcome(result, nurture())).toBe('Completed');
  });

  it('tells a wait starting from a wait ending, in the timeline', () => {
    const doc = nurture();
    const result = simulateDryRun(doc, input, { startAt: START, days: 30, scores: [] });
    expect(timelineRows(result, doc).map((r) => r.text)).toEqual([
      'Event: On form.submitted',
      'Adjust score: +10 to SCORE',
      'Wait 3 days: waiting',
      'Wait 3 days: over',
      'Adjust score: +5 to SCORE',
      'Wait for event: Wait for email.clicked (up to 7 days): waiting',
      'Wait for event: Wait for email.clicked (up to 7 days): timed out',
      'Adjust score: -5 to SCORE',
    ]);
  });

  it('says which wait a contact still waits at when the days run out', () => {
    const doc = nurture();
    const result = simulateDryRun(doc, input, { startAt: START, days: 5, scores: [] });
    expect(describeOutcome(result, doc)).toBe('Still waiting at Wait for event');
  });

  it('names steps by their name and what they do', () => {
    const doc = nurture();
    expect(describeStep(doc, 'a', 'action.adjustScore')).toMatch(/^Adjust score: /);
    expect(describeStep(doc, 'w', 'control.wait')).toBe('Wait 3 days');
    const named = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'w' ? { ...n, label: 'Cool off' } : n)) };
    expect(describeStep(named, 'w', 'control.wait')).toBe('Cool off (Wait): Wait 3 days');
  });

  it('shows the first and last day and the days that changed', () => {
    const days = [day(0, 10), day(1, 10), day(2, 10), day(3, 15), day(4, 15), day(5, 15)];
    expect(daysToShow(days).map((d) => d.day)).toEqual([0, 3, 5]);
    expect(daysToShow([day(0, 0)]).map((d) => d.day)).toEqual([0]);
    // A band change is a change even when the score rounds the same.
    const banded = [day(0, 10, 'Cold'), day(1, 10, 'Warm'), day(2, 10, 'Warm')];
    expect(daysToShow(banded).map((d) => d.day)).toEqual([0, 1, 2]);
  });

  it('gives a column to each score the contact has, and a band column only to scores with bands', () => {
    const days: SimulatedDay[] = [
      {
        day: 0,
        at: START,
        scores: { SCORE: 1, FIT: 2 },
        bands: { SCORE: 'Cold', OTHER: 'Cold' },
        grades: {},
      },
      {
        day: 1,
        at: START + DAY,
        scores: { SCORE: 1, FIT: 2, NEW: 3 },
        bands: { SCORE: 'Cold', OTHER: 'Cold' },
        grades: {},
      },
    ];
    expect(scoreColumns(days)).toEqual([
      { name: 'SCORE', banded: true },
      { name: 'FIT', banded: false },
      { name: 'NEW', banded: false },
    ]);
  });

  it('accepts whole days from 1 to 366 only', () => {
    expect(parseDays('30')).toBe(30);
    expect(parseDays(' 366 ')).toBe(366);
    for (const bad of ['', '0', '367', '2.5', 'a month']) expect(parseDays(bad)).toBeUndefined();
  });
});

describe('grades through time', () => {
  it('shows each day the grade under each grading model, and a grade condition takes it as the engine does', () => {
    const model = { name: 'Lead model', score: 'SCORE', fitScore: 'FIT', grading: DEFAULT_GRADING };
    const doc = flow(
      [
        node('t', 'trigger.event', { event: 'form.submitted' }),
        node('w', 'control.wait', { seconds: 2 * 86_400 }),
        node('a', 'action.adjustScore', { score: 'SCORE', delta: 60 }),
        node('c', 'condition.grade', { model: 'Lead model', fit: ['A', 'B'], engagement: ['1', '2'] }),
        node('y', 'action.addTag', { tag: 'sales' }),
      ],
      [edge('e1', 't', 'w'), edge('e2', 'w', 'a'), edge('e3', 'a', 'c'), edge('e4', 'c', 'y', 'yes')],
      { name: 'Grade' },
    );
    const result = simulateDryRun(
      doc,
      { ...input, scores: { FIT: 45 }, gradedModels: [model] },
      { startAt: START, days: 4, scores: [] },
    );
    expect(gradeColumns(result.days)).toEqual(['Lead model']);
    expect(daysToShow(result.days).map((d) => [d.day, d.grades['Lead model']])).toEqual([
      [0, 'B4'],
      [2, 'B2'],
      [4, 'B2'],
    ]);
    expect(result.contact.tags).toEqual(['sales']);
  });
});
