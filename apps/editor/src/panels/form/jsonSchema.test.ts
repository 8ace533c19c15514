import { nodeCatalogJson } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../ConfigPanel.js';
import { fieldKind, type JsonSchema } from './jsonSchema.js';

describe('config form from the catalog', () => {
  it('has an editor for every config field of every node type', () => {
    const missing: string[] = [];
    for (const info of nodeCatalogJson()) {
      const schema = info.configSchema as JsonSchema;
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const kind = fieldKind(name, prop);
        if (kind.kind === 'unsupported') missing.push(`${info.type}.${name}`);
        if (kind.kind === 'rows') {
          for (const [sub, subProp] of Object.entries(kind.item.properties ?? {})) {
            if (fieldKind(sub, subProp).kind === 'unsupported') missing.push(`${info.type}.${name}[].${sub}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('edits durations in units and offers a choice list for enums', () => {
    const byType = new Map(nodeCatalogJson().map((i) => [i.type, i.configSchema as JsonSchema]));
    const wait = byType.get('control.wait')?.properties?.seconds as JsonSchema;
    expect(fieldKind('seconds', wait).kind).toBe('duration');
    const op = byType.get('condition.score')?.properties?.op as JsonSchema;
    expect(fieldKind('op', op)).toEqual({ kind: 'enum', options: ['>', '>=', '<', '<=', '==', '!='] });
  });

  it('puts a config problem on the field it points at, in plain words', () => {
    expect(fieldErrors('action.adjustScore', { score: 'SCORE', delta: 0 })).toEqual({
      delta: 'The change must not be zero',
    });
    expect(fieldErrors('action.adjustScore', { delta: 5 })).toEqual({ score: 'Choose a score' });
    const where = [{ property: 'url', op: 'eq' }];
    expect(fieldErrors('trigger.event', { event: 'email.clicked', where })).toEqual({
      'where.0.value': 'Enter a value to compare with',
    });
  });
});
