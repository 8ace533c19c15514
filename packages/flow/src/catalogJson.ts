import { z } from 'zod';
import { NODE_TYPES, nodeCatalog } from './catalog.js';
import { NODE_KINDS } from './define.js';

/** One node type as plain JSON, as served by GET /api/node-types. */
export const NodeTypeInfo = z.object({
  type: z.string(),
  kind: z.enum(NODE_KINDS),
  label: z.string(),
  description: z.string(),
  /** A Lucide icon name (NODE_ICONS). */
  icon: z.string(),
  outputs: z.array(z.string()),
  /** False for triggers: they take no incoming edge. */
  hasInput: z.boolean(),
  defaultConfig: z.record(z.string(), z.unknown()),
  /** JSON Schema (draft 2020-12) of the config as a client writes it. */
  configSchema: z.record(z.string(), z.unknown()),
});
export type NodeTypeInfo = z.infer<typeof NodeTypeInfo>;

let cached: NodeTypeInfo[] | undefined;

/** The catalog as plain JSON; config schemas converted with zod's JSON Schema export. */
export function nodeCatalogJson(): NodeTypeInfo[] {
  cached ??= NODE_TYPES.map((type) => {
    const def = nodeCatalog[type];
    return {
      type,
      kind: def.kind,
      label: def.label,
      description: def.description,
      icon: def.icon,
      outputs: [...def.outputs],
      hasInput: def.kind !== 'trigger',
      defaultConfig: structuredClone(def.defaultConfig) as Record<string, unknown>,
      // 'input' describes what a client may send: optional fields stay optional.
      configSchema: z.toJSONSchema(def.configSchema, { io: 'input' }) as Record<string, unknown>,
    };
  });
  // A copy per call: callers (the server) may add fields without corrupting the cache.
  return structuredClone(cached);
}
