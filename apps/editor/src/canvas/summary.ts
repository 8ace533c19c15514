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

/**
 * Whether a summary may run past the two lines a step shows. Up to 20 characters fit in two lines even of
 * the widest letters broken at the worst place; only a longer summary gets the clamp, because the clamp's
 * clip is one more piece of every step that the browser re-layers on each frame of a pan or drag, a good
 * part of the frame at 500 steps.
 */
export function needsClamp(summary: string): boolean {
  return summary.length > 20;
}
