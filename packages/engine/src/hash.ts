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
 * The split bucket of a run at a node, in [0, 100) with two decimals, so fractional percentages
 * (33.5 %) are honoured. The same run always lands in the same bucket: a resumed or retried run
 * takes the branch it took before.
 */
export function splitBucket(runId: string, nodeId: string): number {
  // The length prefix keeps ("a:b", "c") and ("a", "b:c") apart.
  return (hash32(`${runId.length}:${runId}:${nodeId}`) % 10_000) / 100;
}
