import type { ContactDetail } from '@scoreflow/api';
import { describe, expect, it } from 'vitest';
import { fieldsOfContact } from './copyContact.js';
import { parseNames, parseNumber, parsePairs, parseScalar } from './parse.js';

const contact = {
  id: 'c1',
  email: 'ann@acme.test',
  externalId: null,
  attributes: { plan: 'pro', seats: 200, vip: true, address: { city: 'Lyon' } },
  createdAt: '2026-01-01T00:00:00.000Z',
  lastEngagedAt: null,
  unsubscribedAt: null,
  scores: { SCORE: 45, FIT: -10 },
  grades: [],
  account: null,
  tags: ['webinar', 'trial'],
  lists: ['Newsletter'],
  engagement: { level: 'engaged', points: 3, counts: { opens30: 3, clicks30: 0, opens90: 3, clicks90: 0 } },
} as ContactDetail;

describe('copying a real contact into the dry run', () => {
  it('writes its scores, tags, lists, attributes and level as the form reads them back', () => {
    const { fields, skipped } = fieldsOfContact(contact);
    expect(fields.engagement).toBe('engaged');
    expect(parsePairs(fields.scores, parseNumber)).toEqual({ ok: true, value: { SCORE: 45, FIT: -10 } });
    expect(parsePairs(fields.attributes, parseScalar)).toEqual({
      ok: true,
      value: { plan: 'pro', seats: 200, vip: true },
    });
    expect(parseNames(fields.tags)).toEqual(['webinar', 'trial']);
    expect(parseNames(fields.lists)).toEqual(['Newsletter']);
    // A nested attribute cannot be typed in the form: it is named, not silently lost.
    expect(skipped).toEqual(['address']);
  });
});
