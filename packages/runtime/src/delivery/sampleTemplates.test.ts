import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scoreflow/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_TEMPLATES, seedSampleTemplates } from './sampleTemplates.js';
import { checkTemplate } from './templates.js';

describe('sample templates', () => {
  let dir = '';
  let current: Store | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-samples-'));
    current = openStore(path.join(dir, 'test.db'));
  });
  afterEach(() => {
    current?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const t = { store: () => current as Store };

  it('pass the checks a saved template passes', () => {
    for (const template of SAMPLE_TEMPLATES) expect(checkTemplate(template)).toEqual([]);
  });

  it('are created once: an edited one is kept and a deleted one stays deleted', () => {
    const store = t.store();
    store.emailTemplates.upsert({ name: 'welcome', subject: 'Mine', html: '', text: 'mine' });
    expect(seedSampleTemplates(store)).toBe(true);
    expect(store.emailTemplates.get('welcome')?.subject).toBe('Mine');
    expect(store.emailTemplates.list().map((x) => x.name)).toEqual(
      SAMPLE_TEMPLATES.map((x) => x.name).sort(),
    );
    store.emailTemplates.delete('welcome-2');
    expect(seedSampleTemplates(store)).toBe(false);
    expect(store.emailTemplates.get('welcome-2')).toBeUndefined();
  });
});
