import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  getNodeDefinition,
  hasInput,
  isNodeType,
  NODE_TYPES,
  type NodeConfig,
  nodeCatalog,
  nodeTypesOfKind,
  parseNodeConfig,
} from './catalog.js';
import { NodeTypeInfo, nodeCatalogJson } from './catalogJson.js';
import { NODE_ICONS } from './icons.js';

describe('node catalog', () => {
  it('holds every node type of the public format, once, keyed by its own id', () => {
    expect([...NODE_TYPES].sort()).toEqual(
      [
        'trigger.event',
        'trigger.scoreThreshold',
        'trigger.tagAdded',
        'trigger.listJoined',
        'trigger.attributeChanged',
        'trigger.bandChanged',
        'trigger.engagementChanged',
        'trigger.gradeChanged',
        'trigger.accountThreshold',
        'condition.score',
        'condition.attribute',
        'condition.hasTag',
        'condition.inList',
        'condition.engagement',
        'condition.grade',
        'condition.eventCount',
        'condition.split',
        'action.adjustScore',
        'action.setScore',
        'action.setAttribute',
        'action.addTag',
        'action.removeTag',
        'action.addToList',
        'action.removeFromList',
        'action.sendEmail',
        'action.webhook',
        'action.notifySales',
        'control.wait',
        'control.waitForEvent',
        'control.waitUntilTime',
        'control.waitUntilDate',
        'control.exit',
        'control.abTest',
      ].sort(),
    );
    for (const type of NODE_TYPES) {
      expect(nodeCatalog[type].type).toBe(type);
      expect(type.startsWith(`${nodeCatalog[type].kind}.`)).toBe(true);
    }
  });

  it.each(NODE_TYPES)('%s: default config passes its schema and has a one-line summary', (type) => {
    const def = nodeCatalog[type];
    expect(def.configSchema.safeParse(def.defaultConfig).success).toBe(true);
    const summary = def.summary(def.defaultConfig as never);
    expect(summary.length).toBeGreaterThan(0);
    expect(summary).not.toContain('\n');
    expect(summary).not.toContain('undefined');
    expect(def.label.length).toBeGreaterThan(0);
    expect(def.description.length).toBeGreaterThan(0);
    // An icon name the editor can draw, never an emoji that needs an emoji font.
    expect(NODE_ICONS).toContain(def.icon);
  });

  it.each(NODE_TYPES)('%s: config schema is strict (unknown keys are errors)', (type) => {
    const def = nodeCatalog[type];
    const result = def.configSchema.safeParse({ ...(def.defaultConfig as object), surprise: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('gives conditions yes/no, waitForEvent event/timeout, exit nothing, an A/B test a letter per variant and the rest next', () => {
    for (const type of NODE_TYPES) {
      const def = nodeCatalog[type];
      if (def.kind === 'condition') expect(def.outputs).toEqual(['yes', 'no']);
      else if (type === 'control.waitForEvent') expect(def.outputs).toEqual(['event', 'timeout']);
      else if (type === 'control.exit') expect(def.outputs).toEqual([]);
      else if (type === 'control.abTest') expect(def.outputs).toEqual(['A', 'B', 'C', 'D', 'E']);
      else expect(def.outputs).toEqual(['next']);
    }
  });

  it('lets only non-triggers take an input', () => {
    expect(hasInput('trigger.event')).toBe(false);
    expect(hasInput('action.addTag')).toBe(true);
    expect(hasInput('control.exit')).toBe(true);
    expect(nodeTypesOfKind('trigger')).toHaveLength(9);
    // Every trigger says what the runtime indexes it by; no other kind does.
    for (const type of NODE_TYPES) {
      expect(typeof nodeCatalog[type].triggerKey === 'function', type).toBe(
        nodeCatalog[type].kind === 'trigger',
      );
    }
  });

  it('knows only its own types, not Object.prototype keys', () => {
    expect(isNodeType('action.adjustScore')).toBe(true);
    for (const junk of ['toString', '__proto__', 'constructor', 'hasOwnProperty', '', 'action.nope']) {
      expect(isNodeType(junk)).toBe(false);
      expect(getNodeDefinition(junk)).toBeUndefined();
    }
    expect(getNodeDefinition('control.wait')?.label).toBe('Wait');
  });

  it('parses a config into its typed form', () => {
    const parsed = parseNodeConfig('action.adjustScore', { score: 'SCORE', delta: -2 });
    expect(parsed.success).toBe(true);
    if (parsed.success) {
      const config: NodeConfig<'action.adjustScore'> = parsed.data;
      expect(config.delta).toBe(-2);
    }
    expect(parseNodeConfig('action.adjustScore', { score: 'SCORE' }).success).toBe(false);
  });
});

describe('node catalog as JSON', () => {
  const json = nodeCatalogJson();

  it('lists every node type in palette order and survives a JSON round trip', () => {
    expect(json.map((t) => t.type)).toEqual([...NODE_TYPES]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    for (const info of json) expect(NodeTypeInfo.safeParse(info).success).toBe(true);
  });

  it('describes each config as a JSON Schema object with its properties', () => {
    for (const info of json) {
      const schema = info.configSchema;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      const properties = schema.properties as Record<string, unknown>;
      expect(Object.keys(properties)).toEqual(expect.arrayContaining(Object.keys(info.defaultConfig)));
    }
    const adjust = json.find((t) => t.type === 'action.adjustScore');
    expect(adjust?.configSchema.required).toEqual(['score', 'delta']);
    const wait = json.find((t) => t.type === 'control.wait');
    expect(wait?.configSchema.properties).toMatchObject({
      seconds: { type: 'integer', exclusiveMinimum: 0 },
    });
  });

  it('hands out copies, so a caller cannot corrupt the catalog', () => {
    const first = nodeCatalogJson();
    (first[0] as { label: string }).label = 'changed';
    (first[0]?.defaultConfig as Record<string, unknown>).event = 'changed';
    expect(nodeCatalogJson()[0]?.label).toBe(nodeCatalog['trigger.event'].label);
    expect(nodeCatalog['trigger.event'].defaultConfig.event).toBe('email.clicked');
  });

  it('matches the shape the editor parses', () => {
    expect(z.array(NodeTypeInfo).safeParse(json).success).toBe(true);
  });
});
