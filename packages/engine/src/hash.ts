/** 32-bit FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so near-identical ids spread out. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The split bucket of a contact at a node of a flow, in [0, 100) with two decimals, so fractional
 * percentages (33.5 %) are honoured. It depends on nothing else: a contact takes the same branch of a
 * split every time, in a resumed or retried run and in every run it enters the flow with again, so an
 * A/B test's groups stay apart however often their contacts re-enter.
 */
export function splitBucket(flowId: string, contactId: string, nodeId: string): number {
  // The length prefixes keep ("a:b", "c") and ("a", "b:c") apart.
  return (hash32(`${flowId.length}:${flowId}:${contactId.length}:${contactId}:${nodeId}`) % 10_000) / 100;
}
