import { describe, expect, it } from 'vitest';
import { DAY } from '../testing/harness.js';
import { useTestRuntime } from '../testing/useTestRuntime.js';
import { actionScore, computeActionScoreParts, socialProfileCount } from './actionScore.js';

describe('actionScore (the worked numbers of docs/scoring.md)', () => {
  it('social 100 %, monetary 1 %, recency 77 %, frequency 1 % → 44.75, shown as 45', () => {
    expect(actionScore({ social: 100, monetary: 1, recency: 77, frequency: 1 })).toMatchObject({
      exact: 44.75,
      score: 45,
    });
  });
  it('rounds half up and reaches 100 with every part full', () => {
    expect(actionScore({ social: 1, monetary: 1, recency: 1, frequency: 1 }).score).toBe(1);
    expect(actionScore({ social: 100, monetary: 100, recency: 100, frequency: 100 }).score).toBe(100);
    expect(actionScore({ social: 2, monetary: 0, recency: 0, frequency: 0 }).exact).toBe(0.5);
    expect(actionScore({ social: 2, monetary: 0, recency: 0, frequency: 0 }).score).toBe(1);
  });
});

describe('socialProfileCount', () => {
  it('reads a list or a count, a count given as text included', () => {
    expect(socialProfileCount(['linkedin', 'x'])).toBe(2);
    expect(socialProfileCount(4)).toBe(4);
    expect(socialProfileCount('4')).toBe(4);
    expect(socialProfileCount(' 3 ')).toBe(3);
    expect(socialProfileCount(2.7)).toBe(2);
    for (const none of [undefined, null, '', 'many', -2, true, { linkedin: 'x' }, Number.NaN])
      expect(socialProfileCount(none)).toBe(0);
  });
});

describe('computeActionScoreParts', () => {
  const t = useTestRuntime();

  it('an imported contact with no engagement shows 1', async () => {
    const { contact } = await t().store.contacts.upsertByIdentity({ email: 'imported@example.com' });
    const parts = await computeActionScoreParts(t().store, contact.id, t().clock.now());
    expect(parts).toEqual({ recency: 1, frequency: 1, monetary: 1, social: 1 });
    expect(actionScore(parts).score).toBe(1);
  });

  it('reaches the worked vector from real events: an opt-in 84 days ago with four profiles gives 45', async () => {
    const contact = { email: 'optin@example.com', attributes: { social_profiles: 4 } };
    await t().send({ type: 'subscribed', contact });
    t().clock.advance(84 * DAY);
    const id = (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
    const parts = await computeActionScoreParts(t().store, id, t().clock.now());
    // The opt-in is where the contact starts: coming back is what frequency counts, and it never did.
    expect(parts).toEqual({ social: 100, monetary: 1, recency: 77, frequency: 1 });
    expect(actionScore(parts)).toMatchObject({ exact: 44.75, score: 45 });

    // Each later day with an event is one return (1 of 30 days is 3 %), however many events it has.
    await t().send({ type: 'email.opened', contact }, { type: 'email.clicked', contact });
    expect((await computeActionScoreParts(t().store, id, t().clock.now())).frequency).toBe(3);
  });

  it('computes each part from events and attributes, monetary relative to other buyers', async () => {
    const buy = (email: string, amount: number) => ({
      type: 'purchase',
      contact: { email },
      properties: { amount },
    });
    await t().send(buy('small@example.com', 10), buy('mid@example.com', 50), buy('big@example.com', 100));
    for (let d = 0; d < 15; d++) {
      await t().send({ type: 'page.viewed', contact: { email: 'big@example.com' } });
      t().clock.advance(DAY);
    }
    const big = (await t().store.contacts.findByEmail('big@example.com'))?.id ?? '';
    await t().store.contacts.setAttribute(big, 'social_profiles', ['linkedin', 'x']);
    await t().send({ type: 'social.shared', contact: { email: 'big@example.com' } });
    const parts = await computeActionScoreParts(t().store, big, t().clock.now());
    // 16 active days, the first of which is not a return: 15 of 30.
    expect(parts).toEqual({ recency: 100, frequency: 50, monetary: 100, social: 60 });
    const mid = (await t().store.contacts.findByEmail('mid@example.com'))?.id ?? '';
    const midParts = await computeActionScoreParts(t().store, mid, t().clock.now());
    expect(midParts.monetary).toBe(67);
    expect(midParts.recency).toBe(96); // its purchase was 15 days ago
  });
});
