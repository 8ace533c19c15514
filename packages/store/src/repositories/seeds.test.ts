import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store } = useTestStore();

const template = { name: 'welcome', subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' };

describe('seeds repository', () => {
  it('runs a seed once, its writes in the transaction that records it', async () => {
    let runs = 0;
    const apply = async () => {
      runs++;
      await store().emailTemplates.upsert(template);
    };
    expect(await store().seeds.once('samples', apply)).toBe(true);
    expect(await store().seeds.once('samples', apply)).toBe(false);
    expect(runs).toBe(1);
    expect(await store().emailTemplates.get('welcome')).toMatchObject(template);
  });

  it('records nothing when the seed fails, so it runs again', async () => {
    const failing = async () => {
      await store().emailTemplates.upsert(template);
      throw new Error('seed failed');
    };
    await expect(store().seeds.once('samples', failing)).rejects.toThrow('seed failed');
    expect(await store().emailTemplates.get('welcome')).toBeUndefined();
    expect(await store().seeds.once('samples', () => {})).toBe(true);
  });

  it('seeds once when asked several times at the same moment', async () => {
    let runs = 0;
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        store().seeds.once('samples', () => {
          runs++;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });
});
