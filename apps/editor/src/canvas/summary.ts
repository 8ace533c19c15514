import { getNodeDefinition, isNodeType } from '@scoreflow/flow';

/** What a node shows in its second line; an invalid config says so instead of throwing. */
export function describeStep(
  type: string,
  config: Record<string, unknown>,
): { summary: string; valid: boolean } {
  if (!isNodeType(type)) return { summary: `Unknown step type ${type}`, valid: false };
  const def = getNodeDefinition(type);
  const parsed = def.configSchema.safeParse(config);
  if (!parsed.success) return { summary: 'Needs setup', valid: false };
  // The catalog types each summary with its own config; the union of all configs is not assignable.
  return { summary: (def.summary as (c: unknown) => string)(parsed.data), valid: true };
}
