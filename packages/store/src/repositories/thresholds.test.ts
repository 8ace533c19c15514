import { beforeEach, describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store } = useTestStore();
let contactId: string;
let flowId: string;
beforeEach(async () => {
  const seed = await seedRunPrerequisites(store());
  contactId = seed.contact.id;
  flowId = seed.flow.id;
});

describe('threshold state repository', () => {
  it('disarms a threshold once and rearms it once', async () => {
    expect(await store().thresholds.isDisarmed(contactId, flowId, 'n1')).toBe(false);
    await store().thresholds.disarm(contactId, flowId, 'n1');
    // A second crossing before the score moved back changes nothing.
    await store().thresholds.disarm(contactId, flowId, 'n1');
    expect(await store().thresholds.isDisarmed(contactId, flowId, 'n1')).toBe(true);
    expect(await store().thresholds.isDisarmed(contactId, flowId, 'n2')).toBe(false);
    expect(await store().thresholds.rearm(contactId, flowId, 'n1')).toBe(true);
    expect(await store().thresholds.rearm(contactId, flowId, 'n1')).toBe(false);
    expect(await store().thresholds.isDisarmed(contactId, flowId, 'n1')).toBe(false);
  });
});
