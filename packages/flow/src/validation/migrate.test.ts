import { describe, expect, it } from 'vitest';
import { type Migration, migrateDocument } from './migrate.js';

describe('migrateDocument', () => {
  it('leaves a current document and non-documents untouched', () => {
    const current = { schemaVersion: 1, nodes: [] };
    expect(migrateDocument(current)).toEqual({ ok: true, value: current });
    expect(migrateDocument(null)).toEqual({ ok: true, value: null });
    expect(migrateDocument({ schemaVersion: 'one' })).toEqual({ ok: true, value: { schemaVersion: 'one' } });
  });

  it('runs each migration in turn up to the current version', () => {
    const migrations: Record<number, Migration> = {
      1: (doc) => ({ ...doc, schemaVersion: 2, renamed: doc.old }),
      2: (doc) => ({ ...doc, schemaVersion: 3, third: true }),
    };
    expect(migrateDocument({ schemaVersion: 1, old: 'x' }, migrations, 3)).toEqual({
      ok: true,
      value: { schemaVersion: 3, old: 'x', renamed: 'x', third: true },
    });
    expect(migrateDocument({ schemaVersion: 2 }, migrations, 3)).toEqual({
      ok: true,
      value: { schemaVersion: 3, third: true },
    });
  });

  it('refuses versions it cannot migrate, pointing at schemaVersion', () => {
    for (const schemaVersion of [0, -1, 1.5, 2, 99]) {
      const result = migrateDocument({ schemaVersion });
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.diagnostic).toMatchObject({ code: 'invalid_document', path: ['schemaVersion'] });
    }
    // A gap in the chain is reported, not skipped.
    expect(migrateDocument({ schemaVersion: 1 }, {}, 2).ok).toBe(false);
  });
});
