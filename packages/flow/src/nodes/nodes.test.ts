import { describe, expect, it } from 'vitest';
import { type NodeConfig, type NodeType, nodeCatalog } from '../catalog.js';
import { ENGAGEMENT_LEVELS, engagementAtLeast } from './condition.engagement.js';
import { crossesThreshold } from './trigger.scoreThreshold.js';

function accepts(type: NodeType, config: unknown): boolean {
  return nodeCatalog[type].configSchema.safeParse(config).success;
}

function issuePaths(type: NodeType, config: unknown): string[] {
  const result = nodeCatalog[type].configSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

function summary<T extends NodeType>(type: T, config: NodeConfig<T>): string {
  return nodeCatalog[type].summary(config);
}

describe('node summaries', () => {
  it('read like the canvas shows them', () => {
    expect(summary('action.adjustScore', { score: 'SCORE', delta: 10 })).toBe('+10 to SCORE');
    expect(summary('action.adjustScore', { score: 'SCORE', delta: -2, floor: 0 })).toBe(
      '-2 to SCORE (min 0)',
    );
    expect(summary('action.adjustScore', { score: 'FIT', delta: 5, floor: 0, cap: 100 })).toBe(
      '+5 to FIT (0..100)',
    );
    expect(summary('condition.score', { score: 'SCORE', op: '>', value: 50 })).toBe('SCORE > 50');
    expect(summary('control.wait', { seconds: 3 * 86_400 })).toBe('Wait 3 days');
    expect(summary('control.wait', { seconds: 90 })).toBe('Wait 1 minute 30 seconds');
    expect(summary('control.waitForEvent', { event: 'email.opened', timeoutSeconds: 7200 })).toBe(
      'Wait for email.opened (up to 2 hours)',
    );
    expect(summary('condition.attribute', { attribute: 'plan', op: 'eq', value: 'pro' })).toBe(
      'plan is "pro"',
    );
    expect(summary('condition.attribute', { attribute: 'phone', op: 'exists' })).toBe('phone exists');
    expect(summary('condition.eventCount', { event: 'email.clicked', min: 3, withinDays: 30 })).toBe(
      'email.clicked at least 3 times in 30 days',
    );
    expect(summary('condition.split', { percent: 33.3 })).toBe('33.3% yes / 66.7% no');
    expect(summary('trigger.scoreThreshold', { score: 'SCORE', value: 50, direction: 'up' })).toBe(
      'SCORE reaches 50',
    );
    expect(summary('trigger.scoreThreshold', { score: 'SCORE', value: 20, direction: 'down' })).toBe(
      'SCORE falls below 20',
    );
    expect(
      summary('trigger.event', {
        event: 'page.visited',
        where: [
          { property: 'url', op: 'contains', value: '/pricing' },
          { property: 'utm', op: 'exists' },
        ],
      }),
    ).toBe('On page.visited where url contains "/pricing" and 1 more');
    expect(summary('action.setAttribute', { attribute: 'plan', value: null })).toBe('Clear plan');
    expect(summary('action.webhook', { url: 'https://hooks.example.com/a?b=c' })).toBe(
      'Call hooks.example.com',
    );
    expect(summary('control.exit', { reason: 'Decayed' })).toBe('Exit: Decayed');
    expect(summary('control.exit', {})).toBe('Exit');
  });
});

describe('config limits', () => {
  it('refuses blank or over-long names', () => {
    expect(accepts('action.addTag', { tag: '' })).toBe(false);
    expect(accepts('action.addTag', { tag: '   ' })).toBe(false);
    expect(accepts('action.addTag', { tag: 'x'.repeat(101) })).toBe(false);
    expect(accepts('action.addTag', { tag: 'x'.repeat(100) })).toBe(true);
  });

  it('refuses non-finite numbers', () => {
    expect(accepts('condition.score', { score: 'SCORE', op: '>', value: Number.POSITIVE_INFINITY })).toBe(
      false,
    );
    expect(accepts('action.setScore', { score: 'SCORE', value: Number.NaN })).toBe(false);
  });

  it('adjustScore: delta must not be zero and the floor must not be above the cap', () => {
    expect(issuePaths('action.adjustScore', { score: 'SCORE', delta: 0 })).toEqual(['delta']);
    expect(issuePaths('action.adjustScore', { score: 'SCORE', delta: 1, floor: 10, cap: 5 })).toEqual([
      'floor',
    ]);
    expect(accepts('action.adjustScore', { score: 'SCORE', delta: 1, floor: 5, cap: 5 })).toBe(true);
  });

  it('attribute comparisons need a value unless the operator is exists', () => {
    expect(issuePaths('condition.attribute', { attribute: 'plan', op: 'eq' })).toEqual(['value']);
    expect(accepts('condition.attribute', { attribute: 'plan', op: 'exists' })).toBe(true);
    expect(
      issuePaths('trigger.event', { event: 'form.submitted', where: [{ property: 'form', op: 'neq' }] }),
    ).toEqual(['where.0.value']);
  });

  it('webhooks only call http(s) URLs', () => {
    expect(accepts('action.webhook', { url: 'https://example.com/hook' })).toBe(true);
    expect(accepts('action.webhook', { url: 'http://localhost:8080/hook' })).toBe(true);
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      expect(accepts('action.webhook', { url })).toBe(false);
    }
  });

  it('notifySales needs an email address and a message', () => {
    expect(accepts('action.notifySales', { to: 'sales@example.com', message: 'Call them' })).toBe(true);
    expect(issuePaths('action.notifySales', { to: 'sales', message: '' })).toEqual(['to', 'message']);
  });

  it('waits are whole positive seconds', () => {
    expect(accepts('control.wait', { seconds: 60 })).toBe(true);
    for (const seconds of [0, -1, 1.5]) expect(accepts('control.wait', { seconds })).toBe(false);
    expect(accepts('control.waitForEvent', { event: 'email.opened', timeoutSeconds: 0 })).toBe(false);
  });

  it('eventCount and split keep their ranges', () => {
    expect(accepts('condition.eventCount', { event: 'email.clicked', min: 0, withinDays: 30 })).toBe(false);
    expect(accepts('condition.eventCount', { event: 'email.clicked', min: 1, withinDays: 0 })).toBe(false);
    expect(accepts('condition.split', { percent: 0 })).toBe(true);
    expect(accepts('condition.split', { percent: 100 })).toBe(true);
    expect(accepts('condition.split', { percent: 100.5 })).toBe(false);
  });

  it('setAttribute takes scalars and null, not objects', () => {
    for (const value of ['x', 3, false, null])
      expect(accepts('action.setAttribute', { attribute: 'a', value })).toBe(true);
    expect(accepts('action.setAttribute', { attribute: 'a', value: { nested: true } })).toBe(false);
    expect(accepts('action.setAttribute', { attribute: 'a' })).toBe(false);
  });

  it('engagement conditions take one of the five levels', () => {
    expect(accepts('condition.engagement', { atLeast: 'engaged' })).toBe(true);
    expect(accepts('condition.engagement', { atLeast: 'very engaged' })).toBe(false);
  });
});

describe('shared rules', () => {
  it('orders engagement levels from not engaged to highly engaged', () => {
    expect(ENGAGEMENT_LEVELS).toEqual(['not engaged', 'at risk', 'neutral', 'engaged', 'highly engaged']);
    expect(engagementAtLeast('highly engaged', 'engaged')).toBe(true);
    expect(engagementAtLeast('engaged', 'engaged')).toBe(true);
    expect(engagementAtLeast('neutral', 'engaged')).toBe(false);
  });

  it('fires a threshold only when the score crosses it in the given direction', () => {
    expect(crossesThreshold(45, 55, 50, 'up')).toBe(true);
    expect(crossesThreshold(40, 50, 50, 'up')).toBe(true);
    expect(crossesThreshold(55, 65, 50, 'up')).toBe(false);
    expect(crossesThreshold(55, 45, 50, 'up')).toBe(false);
    expect(crossesThreshold(55, 45, 50, 'down')).toBe(true);
    expect(crossesThreshold(50, 49, 50, 'down')).toBe(true);
    expect(crossesThreshold(45, 40, 50, 'down')).toBe(false);
  });
});
