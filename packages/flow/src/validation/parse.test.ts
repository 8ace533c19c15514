import { describe, expect, it } from 'vitest';
import { leadScoringExample } from '../examples.js';
import { parseFlowDocument } from './parse.js';

describe('parseFlowDocument', () => {
  it('accepts a valid document and applies the settings defaults', () => {
    const input = leadScoringExample();
    const { reentry: _reentry, exits: _exits, ...bareSettings } = input.settings;
    const result = parseFlowDocument({ ...input, settings: bareSettings });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document.nodes).toEqual(input.nodes);
      expect(result.document.settings).toEqual({
        name: input.settings.name,
        reentry: { mode: 'afterExit' },
        exits: [],
      });
    }
  });

  it('accepts a document with graph errors: drafts may be half built', () => {
    const result = parseFlowDocument({
      ...leadScoringExample(),
      edges: [{ id: 'e', source: 'x', target: 'y' }],
    });
    expect(result.ok).toBe(true);
  });

  it('refuses a malformed document with every shape diagnostic', () => {
    const result = parseFlowDocument({ schemaVersion: 1, settings: {}, nodes: [{ id: 'n' }], edges: 'none' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.diagnostics.map((d) => d.path)).toEqual([
        ['settings', 'name'],
        ['nodes', 0, 'type'],
        ['nodes', 0, 'position'],
        ['edges'],
      ]);
      expect(result.diagnostics.every((d) => d.code === 'invalid_document' && d.severity === 'error')).toBe(
        true,
      );
      expect(result.diagnostics[1]?.nodeId).toBe('n');
    }
  });

  it('refuses a document from a newer schema version', () => {
    const result = parseFlowDocument({ ...leadScoringExample(), schemaVersion: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics).toHaveLength(1);
  });
});
