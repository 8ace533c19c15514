/** Small statistics and formatting helpers shared by the bench sections. */

/**
 * The p-th percentile (0..100) of `values`, nearest-rank on a sorted copy.
 * @param {number[]} values
 * @param {number} p
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * p50/p99/max of a sample, as plain numbers for the JSON report.
 * @param {number[]} values
 */
export function summarize(values) {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    // A loop, not Math.max(...values): a full run's hundreds of thousands of samples overflow the stack as arguments.
    max: values.length ? values.reduce((m, v) => (v > m ? v : m), -Infinity) : Number.NaN,
  };
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Formats a figure with a precision that suits its size.
 * @param {number} value
 */
export function fmt(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Polls `predicate` until it holds; throws with `what` after `ms`, so a stuck run ends instead of hanging.
 * @param {() => boolean | Promise<boolean>} predicate
 * @param {string} what
 * @param {number} ms
 * @param {number} every
 */
export async function until(predicate, what, ms, every = 50) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}
