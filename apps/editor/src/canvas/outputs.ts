import { AB_TEST_HANDLES, isNodeType, nodeOutputs, parseNodeConfig } from '@scoreflow/flow';
import { useRef } from 'react';

/** The A/B test's catalog type: its handles and labels come from its variants. */
export const AB_TEST = 'control.abTest';

/** The output handles a step draws: one per variant for an A/B test, the catalog's otherwise. */
export function stepOutputs(type: string, config: unknown): readonly string[] {
  return isNodeType(type) ? nodeOutputs({ type, config }) : [];
}

/**
 * The handles of a step, kept as they were while its config does not parse. A config that does not
 * parse gets every handle of its type from `nodeOutputs`; an A/B test passes through such states at
 * each keystroke of its shares ("3" on the way to "30"), and its handles, with their connections,
 * should not jump from three to five and back while someone types.
 */
export function useStepOutputs(type: string, config: unknown, valid: boolean): readonly string[] {
  const last = useRef<{ type: string; outputs: readonly string[] } | null>(null);
  if (!valid && last.current?.type === type) return last.current.outputs;
  const outputs = stepOutputs(type, config);
  if (valid) last.current = { type, outputs };
  return outputs;
}

/**
 * What each output handle is labelled with: its id ("yes", "A"), and for an A/B test the variant's
 * share ("A 45%"), so the handle to connect is found without reading the summary.
 */
export function handleLabels(type: string, config: unknown, outputs: readonly string[]): string[] {
  if (type !== AB_TEST) return [...outputs];
  const parsed = parseNodeConfig(AB_TEST, config);
  if (!parsed.success) return [...outputs];
  return outputs.map((out) => {
    const variant = parsed.data.variants[AB_TEST_HANDLES.indexOf(out as (typeof AB_TEST_HANDLES)[number])];
    return variant ? `${out} ${variant.percent}%` : out;
  });
}
