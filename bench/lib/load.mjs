import { sleep } from './stats.mjs';

/**
 * Open-loop load: sends `rate` items per second for `seconds`, in small batches every `tickMs`, whatever
 * the receiver's speed (a closed loop would slow down with it and hide queueing latency). Returns how
 * many items were sent.
 * @param {number} rate
 * @param {number} seconds
 * @param {(count: number) => Promise<unknown>} sendBatch
 * @param {number} tickMs
 */
export async function openLoop(rate, seconds, sendBatch, tickMs = 20) {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((rate * (performance.now() - start)) / 1000));
    if (due > sent) {
      const count = due - sent;
      sent = due;
      await sendBatch(count);
    }
    await sleep(tickMs);
  }
  return sent;
}

/**
 * Closed-loop load: `concurrency` loops each await `once()` back to back for `seconds` after a warm-up;
 * returns the completed calls per second of the measured part and the items (`once` returns how many
 * it handled). HTTP load goes through autocannon (`httpLoad` in httpLoad.mjs); this loop drives in-process
 * calls (BullMQ's `queue.add` and `addBulk` from a script), which have no HTTP to load.
 * @param {{ concurrency: number, seconds: number, warmupSeconds: number, once: () => Promise<number> }} options
 */
export async function closedLoop({ concurrency, seconds, warmupSeconds, once }) {
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  const end = warmupEnd + seconds * 1000;
  let calls = 0;
  let items = 0;
  let errors = 0;
  let measuredStart = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const measured = performance.now() >= warmupEnd;
      try {
        const n = await once();
        if (measured) {
          calls += 1;
          items += n;
        }
      } catch {
        errors += 1;
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  await sleep(warmupSeconds * 1000);
  measuredStart = performance.now();
  await Promise.all(loops);
  const elapsed = (performance.now() - measuredStart) / 1000;
  return { callsPerSecond: calls / elapsed, itemsPerSecond: items / elapsed, calls, items, errors, elapsed };
}
