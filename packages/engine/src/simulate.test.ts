import { describe, expect, it } from 'vitest';
import { type SimulatedScore, simulateThroughTime } from './simulate.js';
import { contact, event, flow, node } from './testkit.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 5, 1, 10); // Monday 1 June 2026, 10:00 UTC

const SCORE = (decay: SimulatedScore['decay'] = null): SimulatedScore => ({
  name: 'SCORE',
  floor: 0,
  cap: null,
  bands: [
    { name: 'new', min: null },
    { name: 'warm', min: 20 },
  ],
  decay,
});

/** +10, wait 3 days, +15, wait up to 7 days for a click, timeout: -5. */
const nurture = flow(
  [
    node('t', 'trigger.event', { event: 'signup' }),
    node('plus10', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
    node('wait', 'control.wait', { seconds: 3 * 86_400 }),
    node('plus15', 'action.adjustScore', { score: 'SCORE', delta: 15 }),
    node('click', 'control.waitForEvent', { event: 'email.clicked', timeoutSeconds: 7 * 86_400 }),
    node('minus5', 'action.adjustScore', { score: 'SCORE', delta: -5 }),
  ],
  ['t>plus10', 'plus10>wait', 'wait>plus15', 'plus15>click', 'click:timeout>minus5'],
);

const run = (doc = nurture, scores: SimulatedScore[] = [SCORE()], days = 14) =>
  simulateThroughTime({
    doc,
    contact: contact({ scores: {} }),
    start: { kind: 'start', triggerNodeId: 't', event: event('signup') },
    startAt: START,
    days,
    scores,
    flowId: 'dry-run',
  });

describe('the dry run through time', () => {
  it('takes each wait when it is due, a wait for an event by its timeout, and says each day what the score and band are', () => {
    const result = run();
    expect(result.status).toBe('completed');
    expect(result.steps.map((s) => [s.nodeId, (s.at - START) / DAY])).toEqual([
      ['t', 0],
      ['plus10', 0],
      ['wait', 0],
      ['wait', 3],
      ['plus15', 3],
      ['click', 3],
      ['click', 10],
      ['minus5', 10],
    ]);
    const day = (n: number) => result.days.find((d) => d.day === n);
    expect(result.days).toHaveLength(15);
    expect(day(0)).toMatchObject({ at: START, scores: { SCORE: 10 }, bands: { SCORE: 'new' } });
    expect(day(3)).toMatchObject({ scores: { SCORE: 25 }, bands: { SCORE: 'warm' } });
    expect(day(9)?.scores.SCORE).toBe(25);
    expect(day(10)?.scores.SCORE).toBe(20);
    expect(result.edgeIds).toContain('click:timeout>minus5');
  });

  it('decays the score with the sweep arithmetic while the contact stays idle', () => {
    const decay = { kind: 'percent' as const, percent: 10, periodDays: 7, events: ['email.clicked'] };
    const result = run(nurture, [SCORE(decay)], 21);
    // Day 7: 25 -10% = 22.5; day 10: -5 = 17.5; day 14: -10% = 15.75; day 21: 14.18 (to the cent).
    expect(result.days.filter((d) => [7, 10, 14, 21].includes(d.day)).map((d) => d.scores.SCORE)).toEqual([
      22.5, 17.5, 15.75, 14.18,
    ]);
    expect(result.timeline.filter((m) => m.kind === 'decay').map((m) => m.text)).toEqual([
      'SCORE 25 → 22.5: -10% for inactivity period 1',
      'SCORE 17.5 → 15.75: -10% for inactivity period 2',
      'SCORE 15.75 → 14.18: -10% for inactivity period 3',
    ]);
  });

  it('takes back expiring gains and resets after the idle time, within the bounds', () => {
    const expiring = run(nurture, [SCORE({ kind: 'expire', days: 5 })], 12);
    // +10 on day 0 expires on day 5 (25 → 15); +15 on day 3 expires on day 8 (15 → 0); -5 on day 10 stops at the floor.
    expect(expiring.days.filter((d) => [5, 8, 10].includes(d.day)).map((d) => d.scores.SCORE)).toEqual([
      15, 0, 0,
    ]);
    const reset = run(nurture, [SCORE({ kind: 'reset', days: 6, value: 1, events: ['email.clicked'] })], 8);
    expect(reset.days.find((d) => d.day === 6)?.scores.SCORE).toBe(1);
  });

  it('takes the contact out at the moment an exit criterion holds, with its score changes', () => {
    const goal = {
      ...nurture,
      settings: {
        ...nurture.settings,
        exits: [{ kind: 'goal' as const, id: 'g', score: 'SCORE', op: '>=' as const, value: 25 }],
      },
    };
    const reached = run(goal);
    expect(reached).toMatchObject({ status: 'exited', exitReason: 'goal reached: SCORE >= 25' });
    expect(reached.timeline.at(-1)).toMatchObject({ at: START + 3 * DAY, kind: 'exit' });
    expect(reached.steps.some((s) => s.nodeId === 'minus5')).toBe(false);

    const idle = {
      ...nurture,
      settings: {
        ...nurture.settings,
        exits: [
          {
            kind: 'inactivity' as const,
            id: 'cold',
            events: ['email.clicked'],
            days: 5,
            scores: [{ kind: 'set' as const, score: 'SCORE', value: 0 }],
          },
        ],
      },
    };
    const cold = run(idle);
    expect(cold).toMatchObject({ status: 'exited', exitReason: 'inactive: no email.clicked for 5 days' });
    expect(cold.days.find((d) => d.day === 5)?.scores.SCORE).toBe(0);
  });

  it('stops at the end of the simulated days with the contact still waiting', () => {
    const result = run(nurture, [SCORE()], 2);
    expect(result.status).toBe('waiting');
    expect(result.days.map((d) => d.day)).toEqual([0, 1, 2]);
    expect(result.waits).toEqual([{ nodeId: 'wait', kind: 'delay', dueAt: START + 3 * DAY }]);
    expect(result.timeline.map((m) => m.text)).toEqual(['Event', 'Adjust score', 'Wait']);
  });

  it('holds a send until the send window opens on the contact clock', () => {
    const windowed = flow(
      [
        node('t', 'trigger.event', { event: 'signup' }),
        node('mail', 'action.sendEmail', { template: 'welcome' }),
      ],
      ['t>mail'],
      {
        timezone: 'Europe/Paris',
        sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
      },
    );
    // Saturday 6 June 2026, 12:00 UTC: the email goes on Monday at 09:00 Paris (07:00 UTC).
    const result = simulateThroughTime({
      doc: windowed,
      contact: contact(),
      start: { kind: 'start', triggerNodeId: 't', event: event('signup') },
      startAt: Date.UTC(2026, 5, 6, 12),
      days: 3,
      scores: [],
      flowId: 'dry-run',
    });
    expect(result.status).toBe('completed');
    expect(result.steps.filter((s) => s.nodeId === 'mail').map((s) => new Date(s.at).toISOString())).toEqual([
      '2026-06-06T12:00:00.000Z',
      '2026-06-08T07:00:00.000Z',
    ]);
    expect(result.effects.filter((e) => e.kind === 'outbound')).toHaveLength(1);
  });
});
