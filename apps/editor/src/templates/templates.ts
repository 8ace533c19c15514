import type { FlowDocument } from '@scoreflow/flow';
import { TemplateBuilder } from './builder.js';

const DAY = 86_400;

/** A starting point offered by "New from template". */
export type FlowTemplate = { id: string; name: string; description: string; build(): FlowDocument };

function stagesTemplate(): FlowDocument {
  const b = new TemplateBuilder({ name: 'Lead scoring by stages', reentry: { mode: 'always' }, exits: [] });
  // Points per stage follow the usual scale: awareness 5-10, engagement 10-20, consideration 30+.
  const rules: [string, number, string][] = [
    ['contact.subscribed', 10, 'Awareness: subscribed'],
    ['page.visited', 5, 'Awareness: visited the site'],
    ['email.clicked', 10, 'Engagement: clicked an email'],
    ['ebook.downloaded', 20, 'Engagement: downloaded an ebook'],
    ['pricing.visited', 30, 'Consideration: visited pricing'],
    ['quote.requested', 40, 'Consideration: asked for a quote'],
  ];
  rules.forEach(([event, delta, label], i) => {
    const t = b.node('trigger.event', { event }, i, 0, label);
    const a = b.node('action.adjustScore', { score: 'SCORE', delta }, i, 1);
    b.link(t, a);
  });
  return b.build();
}

function bandsTemplate(): FlowDocument {
  const b = new TemplateBuilder({ name: 'Score bands to lists', reentry: { mode: 'always' }, exits: [] });
  const triggers = [
    b.node('trigger.scoreThreshold', { score: 'SCORE', value: 20, direction: 'up' }, 0, 0),
    b.node('trigger.scoreThreshold', { score: 'SCORE', value: 50, direction: 'up' }, 1, 0),
    b.node('trigger.scoreThreshold', { score: 'SCORE', value: 81, direction: 'up' }, 2, 0),
    b.node('trigger.scoreThreshold', { score: 'SCORE', value: 20, direction: 'down' }, 3, 0),
  ];
  const sql = b.node('condition.score', { score: 'SCORE', op: '>', value: 80 }, 1.5, 1, 'Sales-qualified?');
  const mql = b.node(
    'condition.score',
    { score: 'SCORE', op: '>=', value: 50 },
    2.5,
    2,
    'Marketing-qualified?',
  );
  const warm = b.node('condition.score', { score: 'SCORE', op: '>=', value: 20 }, 3.5, 3, 'Warm?');
  for (const t of triggers) b.link(t, sql);
  b.link(sql, b.node('action.addToList', { list: 'Sales-qualified leads' }, 0.5, 2), 'yes');
  b.link(sql, mql, 'no');
  b.link(mql, b.node('action.addToList', { list: 'Marketing-qualified leads' }, 1.5, 3), 'yes');
  b.link(mql, warm, 'no');
  b.link(warm, b.node('action.addToList', { list: 'Warm leads' }, 2.5, 4), 'yes');
  b.link(warm, b.node('action.addToList', { list: 'New leads' }, 4, 4), 'no');
  return b.build();
}

function decayTemplate(): FlowDocument {
  const b = new TemplateBuilder({ name: 'Engagement decay exit', reentry: { mode: 'afterExit' }, exits: [] });
  const opened = b.node('trigger.event', { event: 'email.opened' }, 0, 0);
  const clicked = b.node('trigger.event', { event: 'email.clicked' }, 1, 0);
  const wait = b.node('control.wait', { seconds: 30 * DAY }, 0.5, 1);
  const anyOpen = b.node('condition.eventCount', { event: 'email.opened', min: 1, withinDays: 30 }, 0.5, 2);
  const anyClick = b.node('condition.eventCount', { event: 'email.clicked', min: 1, withinDays: 30 }, 1.5, 3);
  const reset = b.node('action.setScore', { score: 'SCORE', value: 0 }, 1.5, 4, 'Reset the score');
  const unlist = b.node('action.removeFromList', { list: 'Qualified leads' }, 1.5, 5);
  const engaged = b.node('control.exit', { reason: 'Still engaged' }, 0, 3.5);
  const gone = b.node('control.exit', { reason: 'No opens or clicks for 30 days' }, 1.5, 6);
  b.link(opened, wait).link(clicked, wait).link(wait, anyOpen);
  b.link(anyOpen, engaged, 'yes').link(anyOpen, anyClick, 'no');
  b.link(anyClick, engaged, 'yes').link(anyClick, reset, 'no');
  b.link(reset, unlist).link(unlist, gone);
  return b.build();
}

function welcomeTemplate(): FlowDocument {
  const b = new TemplateBuilder({ name: 'Welcome series', reentry: { mode: 'once' }, exits: [] });
  const joined = b.node('trigger.listJoined', { list: 'Newsletter' }, 1, 0);
  const first = b.node('action.sendEmail', { template: 'welcome-1' }, 1, 1);
  const wait = b.node('control.wait', { seconds: 2 * DAY }, 1, 2);
  const second = b.node('action.sendEmail', { template: 'welcome-2' }, 1, 3);
  const click = b.node('control.waitForEvent', { event: 'email.clicked', timeoutSeconds: 3 * DAY }, 1, 4);
  const points = b.node('action.adjustScore', { score: 'SCORE', delta: 10 }, 0, 5);
  const offer = b.node('action.sendEmail', { template: 'welcome-offer' }, 0, 6);
  const nudge = b.node('action.sendEmail', { template: 'welcome-reminder' }, 2, 5);
  b.link(joined, first).link(first, wait).link(wait, second).link(second, click);
  b.link(click, points, 'event').link(points, offer).link(click, nudge, 'timeout');
  return b.build();
}

/** The templates of "New from template"; each validates with zero errors (see templates.test.ts). */
export const FLOW_TEMPLATES: readonly FlowTemplate[] = [
  {
    id: 'stages',
    name: 'Lead scoring by stages',
    description: 'Awareness +5–10, engagement +10–20, consideration +30 and more.',
    build: stagesTemplate,
  },
  {
    id: 'bands',
    name: 'Score bands to lists',
    description: 'New < 20, warm 20–49, marketing-qualified 50–80, sales-qualified > 80.',
    build: bandsTemplate,
  },
  {
    id: 'decay',
    name: 'Engagement decay exit',
    description: '30 days without opens or clicks: reset SCORE and leave.',
    build: decayTemplate,
  },
  {
    id: 'welcome',
    name: 'Welcome series',
    description: 'Welcome emails spaced by waits, with points for clicking.',
    build: welcomeTemplate,
  },
];
