import type { NodeConfig } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { crossedThreshold, matchesEventTrigger } from './matching.js';
import { event } from './testkit.js';

describe('matchesEventTrigger', () => {
  const pricing: NodeConfig<'trigger.event'> = {
    event: 'page.visited',
    where: [
      { property: 'url', op: 'contains', value: '/pricing' },
      { property: 'utm.source', op: 'eq', value: 'newsletter' },
    ],
  };

  it('matches on the event type alone when there are no filters', () => {
    expect(matchesEventTrigger({ event: 'email.clicked' }, event('email.clicked'))).toBe(true);
    expect(matchesEventTrigger({ event: 'email.clicked' }, event('email.opened'))).toBe(false);
  });

  it('requires every where filter to hold, reading dotted paths', () => {
    const props = { url: 'https://acme.io/pricing', utm: { source: 'newsletter' } };
    expect(matchesEventTrigger(pricing, event('page.visited', props))).toBe(true);
    expect(matchesEventTrigger(pricing, event('page.visited', { ...props, utm: { source: 'ads' } }))).toBe(
      false,
    );
    expect(matchesEventTrigger(pricing, event('page.visited', { url: 'https://acme.io/pricing' }))).toBe(
      false,
    );
    expect(matchesEventTrigger(pricing, event('email.clicked', props))).toBe(false);
  });

  it('treats type mismatches as no match instead of failing', () => {
    const big: NodeConfig<'trigger.event'> = {
      event: 'purchase',
      where: [{ property: 'amount', op: 'gte', value: 100 }],
    };
    expect(matchesEventTrigger(big, event('purchase', { amount: 150 }))).toBe(true);
    expect(matchesEventTrigger(big, event('purchase', { amount: '150' }))).toBe(false);
    expect(matchesEventTrigger(big, event('purchase', { amount: { value: 150 } }))).toBe(false);
    expect(matchesEventTrigger(big, event('purchase', {}))).toBe(false);
  });

  it('supports exists and neq', () => {
    const cfg: NodeConfig<'trigger.event'> = {
      event: 'form.submitted',
      where: [
        { property: 'company', op: 'exists' },
        { property: 'country', op: 'neq', value: 'US' },
      ],
    };
    expect(matchesEventTrigger(cfg, event('form.submitted', { company: 'Acme', country: 'FR' }))).toBe(true);
    expect(matchesEventTrigger(cfg, event('form.submitted', { company: 'Acme', country: 'US' }))).toBe(false);
    expect(matchesEventTrigger(cfg, event('form.submitted', { company: null }))).toBe(false);
  });
});

describe('crossedThreshold', () => {
  const up: NodeConfig<'trigger.scoreThreshold'> = { score: 'SCORE', value: 50, direction: 'up' };
  const down: NodeConfig<'trigger.scoreThreshold'> = { score: 'SCORE', value: 50, direction: 'down' };

  it('fires up when the score reaches the value from below', () => {
    expect(crossedThreshold(up, 45, 50)).toBe(true);
    expect(crossedThreshold(up, 45, 60)).toBe(true);
    expect(crossedThreshold(up, 50, 60)).toBe(false);
    expect(crossedThreshold(up, 30, 49)).toBe(false);
    expect(crossedThreshold(up, 60, 40)).toBe(false);
  });

  it('fires down when the score falls below the value', () => {
    expect(crossedThreshold(down, 50, 49)).toBe(true);
    expect(crossedThreshold(down, 60, 10)).toBe(true);
    expect(crossedThreshold(down, 49, 10)).toBe(false);
    expect(crossedThreshold(down, 40, 60)).toBe(false);
  });
});
