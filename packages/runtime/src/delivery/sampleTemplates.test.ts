import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scoreflow/store';
import { createTestDatabase, type TestDatabase } from '@scoreflow/store/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_TEMPLATES, seedSampleTemplates } from './sampleTemplates.js';
import { checkTemplate } from './templates.js';

describe('sample templates', () => {
  let dir = '';
  let database: TestDatabase | undefined;
  let current: Store | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-samples-'));
    database = await createTestDatabase(dir, 'test.db');
    current = await openStore(database.location);
  });
  afterEach(async () => {
    await current?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const t = { store: () => current as Store };

  it('pass the checks a saved template passes', () => {
    for (const template of SAMPLE_TEMPLATES) expect(checkTemplate(template)).toEqual([]);
  });

  it('are created once: an edited one is kept and a deleted one stays deleted', async () => {
    const store = t.store();
    await store.emailTemplates.upsert({ name: 'welcome', subject: 'Mine', html: '', text: 'mine' });
    expect(await seedSampleTemplates(store)).toBe(true);
    expect((await store.emailTemplates.get('welcome'))?.subject).toBe('Mine');
    expect((await store.emailTemplates.list()).map((x) => x.name)).toEqual(
      SAMPLE_TEMPLATES.map((x) => x.name).sort(),
    );
    await store.emailTemplates.delete('welcome-2');
    expect(await seedSampleTemplates(store)).toBe(false);
    expect(await store.emailTemplates.get('welcome-2')).toBeUndefined();
  });
});
