import { parseNodeConfig } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { runFlow } from '../run.js';
import { contact, context, flow, node, start } from '../testkit.js';

const utc = (iso: string) => Date.parse(iso);
const sendWindow = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[],
  from: '09:00',
  to: '17:00',
};

/** trigger → step → tag, in a flow with a Paris send window. */
const withWindow = (step: ReturnType<typeof node>) =>
  flow(
    [node('t', 'trigger.event', { event: 'x' }), step, node('after', 'action.addTag', { tag: 'after' })],
    ['t>s', 's>after'],
    {
      timezone: 'Europe/Paris',
      sendWindow,
    },
  );
const outbound = (r: ReturnType<typeof runFlow>) => r.effects.filter((e) => e.kind === 'outbound');

describe('send windows on Send email and Webhook steps', () => {
  // Saturday 28 March 2026, 12:00 in Paris.
  const saturday = context({ now: utc('2026-03-28T11:00:00Z') });
  const mondayNine = utc('2026-03-30T07:00:00Z');

  it('holds an email due outside the window until it opens, on the flow clock, saying so', () => {
    const result = runFlow(
      withWindow(node('s', 'action.sendEmail', { template: 'offer' })),
      contact(),
      start(),
      saturday,
    );
    expect(result.status).toBe('waiting');
    expect(outbound(result)).toEqual([]);
    expect(result.waits).toEqual([{ nodeId: 's', kind: 'delay', dueAt: mondayNine }]);
    expect(result.steps[1]?.output).toEqual({
      template: 'offer',
      outsideWindow: 'Mon–Fri 09:00–17:00 Europe/Paris',
      waitsUntil: 'Mon 2026-03-30 09:00 Europe/Paris',
      dueAt: mondayNine,
    });
  });

  it('sends when the wait ends inside the window', () => {
    const resumed = runFlow(
      withWindow(node('s', 'action.sendEmail', { template: 'offer' })),
      contact(),
      { kind: 'resume', waitNodeId: 's', outcome: 'elapsed' },
      context({ now: mondayNine }),
    );
    expect(resumed.status).toBe('completed');
    expect(outbound(resumed)).toHaveLength(1);
    expect(resumed.contact.tags).toEqual(['after']);
  });

  it("uses the contact's own time zone when it has one", () => {
    const nyc = contact({ attributes: { timezone: 'America/New_York' } });
    const result = runFlow(
      withWindow(node('s', 'action.sendEmail', { template: 'offer' })),
      nyc,
      start(),
      saturday,
    );
    // Monday 09:00 in New York (EDT) is 13:00 UTC.
    expect(result.waits[0]?.dueAt).toBe(utc('2026-03-30T13:00:00Z'));
  });

  it('lets a step that goes at any time send now, and a webhook keeps to the window too', () => {
    const receipt = runFlow(
      withWindow(node('s', 'action.sendEmail', { template: 'receipt', sendWindow: 'anytime' })),
      contact(),
      start(),
      saturday,
    );
    expect(outbound(receipt)).toHaveLength(1);
    const hook = runFlow(
      withWindow(node('s', 'action.webhook', { url: 'https://crm.example.com/hook' })),
      contact(),
      start(),
      saturday,
    );
    expect(hook.waits).toEqual([{ nodeId: 's', kind: 'delay', dueAt: mondayNine }]);
    expect(hook.steps[1]?.output).toMatchObject({
      url: 'https://crm.example.com/hook',
      outsideWindow: expect.any(String),
    });
  });

  it("keeps a step to a window of its own instead of the flow's", () => {
    const weekendBrunch = node('s', 'action.sendEmail', {
      template: 'brunch',
      sendWindow: 'own',
      windowDays: ['sat', 'sun'],
      windowFrom: '10:00',
      windowTo: '12:00',
    });
    // Saturday 12:00 in Paris: its window has just closed; Sunday 10:00 is summer time already (08:00 UTC).
    const result = runFlow(withWindow(weekendBrunch), contact(), start(), saturday);
    expect(result.waits).toEqual([{ nodeId: 's', kind: 'delay', dueAt: utc('2026-03-29T08:00:00Z') }]);
    expect(result.steps[1]?.output).toMatchObject({ outsideWindow: 'Sat, Sun 10:00–12:00 Europe/Paris' });
  });

  it('refuses a step that keeps to its own window without saying which, at each missing field', () => {
    const parsed = parseNodeConfig('action.webhook', {
      url: 'https://crm.example.com/hook',
      sendWindow: 'own',
      windowFrom: '12:00',
      windowTo: '09:00',
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['windowDays', "Choose the days of this step's window"],
      ['windowTo', 'The window must end after it starts, on the same day'],
    ]);
  });

  it('sends at once inside the window and without one', () => {
    const wednesday = context({ now: utc('2026-03-25T10:00:00Z') });
    expect(
      outbound(
        runFlow(
          withWindow(node('s', 'action.sendEmail', { template: 'offer' })),
          contact(),
          start(),
          wednesday,
        ),
      ),
    ).toHaveLength(1);
    const noWindow = flow(
      [node('t', 'trigger.event', { event: 'x' }), node('s', 'action.sendEmail', { template: 'offer' })],
      ['t>s'],
    );
    expect(outbound(runFlow(noWindow, contact(), start(), saturday))).toHaveLength(1);
  });
});

describe('waits until a local time or a date', () => {
  const friday = context({ now: utc('2026-03-27T17:00:00Z') }); // 18:00 in Paris
  const waitFlow = (step: ReturnType<typeof node>) =>
    flow(
      [node('t', 'trigger.event', { event: 'x' }), step, node('after', 'action.addTag', { tag: 'after' })],
      ['t>s', 's>after'],
      {
        timezone: 'Europe/Paris',
      },
    );

  it('waits until the next chosen day at the time, then resumes on next', () => {
    const doc = waitFlow(node('s', 'control.waitUntilTime', { days: ['mon'], time: '09:00' }));
    const first = runFlow(doc, contact(), start(), friday);
    expect(first.waits).toEqual([{ nodeId: 's', kind: 'delay', dueAt: utc('2026-03-30T07:00:00Z') }]);
    const resumed = runFlow(doc, contact(), { kind: 'resume', waitNodeId: 's', outcome: 'elapsed' }, friday);
    expect(resumed.contact.tags).toEqual(['after']);
  });

  it('waits until a week before the renewal date, and goes on at once, saying why, without a date or past it', () => {
    const doc = waitFlow(
      node('s', 'control.waitUntilDate', { attribute: 'renewal_date', offsetDays: -7, time: '09:00' }),
    );
    const renewing = contact({ attributes: { renewal_date: '2026-05-20' } });
    expect(runFlow(doc, renewing, start(), friday).waits[0]?.dueAt).toBe(utc('2026-05-13T07:00:00Z'));

    const none = runFlow(doc, contact(), start(), friday);
    expect(none.status).toBe('completed');
    expect(none.steps[1]?.output).toMatchObject({ wentOn: 'the attribute holds no date' });
    const past = runFlow(doc, contact({ attributes: { renewal_date: '2026-03-30' } }), start(), friday);
    expect(past.contact.tags).toEqual(['after']);
    expect(past.steps[1]?.output).toMatchObject({ wentOn: 'the date is past' });
  });
});
