import { nodeCatalogJson } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../ConfigPanel.js';
import {
  DEFAULT_OPTIONS,
  fieldKind,
  fieldLabel,
  type JsonSchema,
  OPTION_LABELS,
  rowNames,
} from './jsonSchema.js';

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

  it("words an A/B test's variants as variants, and puts the shares' sum error on the variants", () => {
    expect(rowNames('variants').add).toBe('+ Add variant');
    expect(rowNames('variants').title?.(2)).toBe('Variant C');
    expect(rowNames('where').add).toBe('+ Add filter');
    // The split's "percent" is the share sent to "yes"; a variant's is its own share.
    expect(fieldLabel('variants.0.percent')).toBe('Share (%)');
    expect(fieldLabel('percent')).toBe('Share sent to "yes" (%)');
    expect(fieldLabel('where.1.property')).toBe('Property');
    const config = { variants: [{ percent: 45 }, { percent: 40 }], holdout: 10 };
    expect(fieldErrors('control.abTest', config)).toEqual({
      variants: 'The variants and the holdout add up to 95%; make them 100%',
    });
  });

  it("words a Send email step's frequency cap choice, showing the default when none is chosen", () => {
    const sendEmail = nodeCatalogJson().find((i) => i.type === 'action.sendEmail')
      ?.configSchema as JsonSchema;
    const whenCapped = sendEmail.properties?.whenCapped as JsonSchema;
    const kind = fieldKind('whenCapped', whenCapped);
    expect(kind).toEqual({ kind: 'enum', options: ['postpone', 'skip'] });
    const options = kind.kind === 'enum' ? kind.options : [];
    expect(options.map((o) => OPTION_LABELS[o])).toEqual([
      'Send it once the cap allows',
      'Skip it; the flow goes on',
    ]);
    expect(DEFAULT_OPTIONS.whenCapped).toBe('postpone');
    expect(fieldLabel('whenCapped')).toBe('When a frequency cap holds it back');
    expect(fieldLabel('category')).toBe('Category');
  });
});

describe('send windows and waits on the local clock in the config form', () => {
  const byType = new Map(nodeCatalogJson().map((i) => [i.type, i.configSchema as JsonSchema]));
  const prop = (type: string, name: string) => byType.get(type)?.properties?.[name] as JsonSchema;

  it('offers the weekdays as boxes to tick and the time of day as a time', () => {
    const days = fieldKind('days', prop('control.waitUntilTime', 'days'));
    expect(days).toEqual({ kind: 'choices', options: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] });
    const options = days.kind === 'choices' ? days.options : [];
    expect(options.map((o) => OPTION_LABELS[o])).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(fieldKind('time', prop('control.waitUntilTime', 'time'))).toEqual({ kind: 'time' });
    expect(fieldKind('time', prop('control.waitUntilDate', 'time'))).toEqual({ kind: 'time' });
    // Other text stays text.
    expect(fieldKind('attribute', prop('control.waitUntilDate', 'attribute'))).toEqual({ kind: 'string' });
  });

  it('says which way the days from the date go', () => {
    expect(fieldLabel('offsetDays')).toBe('Days before (−) or after (+) the date');
    expect(fieldKind('offsetDays', prop('control.waitUntilDate', 'offsetDays'))).toEqual({
      kind: 'number',
      integer: true,
      min: -365,
      max: 365,
    });
  });

  it("words a send step's window choice, showing the flow's window when none is chosen", () => {
    for (const type of ['action.sendEmail', 'action.webhook']) {
      const kind = fieldKind('sendWindow', prop(type, 'sendWindow'));
      expect(kind).toEqual({ kind: 'enum', options: ['flow', 'anytime', 'own'] });
    }
    expect(OPTION_LABELS.flow).toBe("Keep to the flow's send window");
    expect(OPTION_LABELS.anytime).toBe('Any time (e.g. receipts)');
    expect(OPTION_LABELS.own).toBe("This step's own window (below)");
    expect(DEFAULT_OPTIONS.sendWindow).toBe('flow');
  });
});
