import { z } from 'zod';
import { defineNode } from '../define.js';
import { Text } from './fields.js';

/**
 * The output handles of an A/B test, one per variant in order. Letters rather than the variants'
 * names, so renaming a variant keeps its connection.
 */
export const AB_TEST_HANDLES = ['A', 'B', 'C', 'D', 'E'] as const;

/** The name a run step and the flow report give to the contacts an A/B test holds out. */
export const HOLDOUT_BRANCH = 'holdout';

const Variant = z.strictObject({
  name: Text(60).optional().describe('What this variant tries, e.g. "Subject with the price"'),
  percent: z.number().min(0).max(100).describe('Share of contacts sent to this variant'),
});

/** Sums percentages without the binary fractions of 33.3 + 33.3 + 33.4 showing up as 99.99999. */
function total(parts: readonly number[]): number {
  return Math.round(parts.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}

export const abTestControl = defineNode({
  type: 'control.abTest',
  kind: 'control',
  label: 'A/B test',
  description:
    'Sends each contact to one of 2 to 5 variants by fixed shares, and can hold a share out: held-out contacts get nothing and leave the flow, so the report can compare the variants with doing nothing. A contact keeps its variant every time it enters the flow.',
  icon: 'split',
  configSchema: z
    .strictObject({
      variants: z.array(Variant).min(2).max(AB_TEST_HANDLES.length).describe('Variants, in order A, B, C…'),
      holdout: z
        .number()
        .min(0)
        .max(50)
        .describe('Share of contacts held out: they receive nothing, for comparison'),
    })
    .superRefine((config, ctx) => {
      const sum = total([...config.variants.map((v) => v.percent), config.holdout]);
      if (sum !== 100)
        ctx.addIssue({
          code: 'custom',
          path: ['variants'],
          message: `The variants and the holdout add up to ${sum}%; make them 100%`,
        });
    }),
  outputs: AB_TEST_HANDLES,
  outputsFor: (c) => AB_TEST_HANDLES.slice(0, c.variants.length),
  // A share being typed ("3" on the way to "30") must not make handles C to E appear for a moment.
  draftOutputs: (c) => {
    const variants = (c as { variants?: unknown } | null)?.variants;
    const count = Array.isArray(variants) ? variants.length : AB_TEST_HANDLES.length;
    return AB_TEST_HANDLES.slice(0, Math.min(Math.max(count, 2), AB_TEST_HANDLES.length));
  },
  defaultConfig: {
    variants: [
      { name: 'Variant A', percent: 45 },
      { name: 'Variant B', percent: 45 },
    ],
    holdout: 10,
  },
  summary: (c) =>
    [
      ...c.variants.map((v, i) => `${AB_TEST_HANDLES[i]} ${v.percent}%`),
      ...(c.holdout > 0 ? [`holdout ${c.holdout}%`] : []),
    ].join(' / '),
});

/**
 * The branch of an A/B test a bucket in [0, 100) falls into: the holdout takes the lowest buckets,
 * so changing the variants' shares later never moves a held-out contact into a variant; then each
 * variant in order. Returns a handle of AB_TEST_HANDLES or HOLDOUT_BRANCH.
 */
export function abTestBranch(
  config: { variants: readonly { percent: number }[]; holdout: number },
  bucket: number,
): string {
  let upper = config.holdout;
  if (bucket < upper) return HOLDOUT_BRANCH;
  for (const [i, variant] of config.variants.entries()) {
    upper += variant.percent;
    if (bucket < upper) return AB_TEST_HANDLES[i] as string;
  }
  // Only reached through rounding when the shares add up to 100: the last variant takes the rest.
  return AB_TEST_HANDLES[config.variants.length - 1] as string;
}
