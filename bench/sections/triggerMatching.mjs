import { matchesEventTrigger } from '@scoreflow/engine';
import { createFlowVersionCache } from '@scoreflow/runtime';
import { CLICK, seedFlows, tempStore } from '../lib/seed.mjs';

/** Events each measurement matches; enough that a run lasts well over the timer's resolution. */
const SIZES = [10, 100, 1_000, 10_000];

/**
 * Section 3: the cost of finding the flows an event starts, with 10 … 10,000 active flows of which 5
 * match. Scoreflow's way is the runtime's: one indexed lookup of (trigger type, event type) in SQLite,
 * then the trigger's filters on the few rows it returns (processEvent's loop). The reference is a linear
 * scan that evaluates every active flow's trigger nodes on documents already in memory (the cheapest
 * scan there is: no SQLite read at all).
 * @param {{ quick: boolean, log: (msg: string) => void }} ctx
 */
export async function triggerMatching({ quick, log }) {
  const iterations = quick ? 2_000 : 20_000;
  const results = [];
  for (const flows of SIZES) {
    const data = await tempStore();
    const ids = await seedFlows(data.store, flows, 5);
    const cache = createFlowVersionCache(data.store);
    const event = {
      id: 'bench',
      type: CLICK,
      properties: { campaign: 'welcome' },
      occurredAt: Date.now(),
    };
    const indexed = async () => {
      let matched = 0;
      for (const match of await data.store.triggers.find('trigger.event', event.type)) {
        const node = (await cache(match.flowId, match.version))?.nodes.find((n) => n.id === match.nodeId);
        if (node && matchesEventTrigger(node.config, event)) matched += 1;
      }
      return matched;
    };
    const documents = await Promise.all(
      ids.map(async (id) => (await data.store.flows.getVersion(id, 1))?.document),
    );
    const scan = () => {
      let matched = 0;
      for (const doc of documents) {
        for (const node of doc.nodes) {
          if (node.type === 'trigger.event' && matchesEventTrigger(node.config, event)) matched += 1;
        }
      }
      return matched;
    };
    const time = async (fn) => {
      for (let i = 0; i < Math.min(500, iterations); i += 1) await fn();
      const start = performance.now();
      let matched = 0;
      for (let i = 0; i < iterations; i += 1) matched += await fn();
      const us = ((performance.now() - start) * 1000) / iterations;
      if (matched !== 5 * iterations)
        throw new Error(`bench: expected 5 matches per event, got ${matched / iterations}`);
      return us;
    };
    const indexedUs = await time(indexed);
    const scanUs = await time(scan);
    log(
      `  ${flows} flows: indexed ${indexedUs.toFixed(2)} µs/event, linear scan ${scanUs.toFixed(2)} µs/event`,
    );
    results.push({ flows, indexedUs, scanUs });
    await data.remove();
  }
  const first = results[0];
  const rows = results.map((r) => ({
    section: '3 Trigger matching',
    figure: `µs / event, ${r.flows.toLocaleString('en-US')} active flows (5 match)`,
    value: r.indexedUs,
    reference: 'linear scan µs / event',
    refValue: r.scanUs,
    ratio: r.indexedUs / r.scanUs,
    target: r === first ? 'baseline' : '<= 2 x the 10-flow cost',
    pass: r === first ? null : r.indexedUs <= 2 * first.indexedUs,
  }));
  const last = results.at(-1);
  rows.push({
    section: '3 Trigger matching',
    figure: `growth 10 -> ${last.flows.toLocaleString('en-US')} flows (indexed)`,
    value: last.indexedUs / first.indexedUs,
    reference: 'growth of the linear scan',
    refValue: last.scanUs / first.scanUs,
    ratio: last.indexedUs / first.indexedUs / (last.scanUs / first.scanUs),
    target: 'growth <= 2',
    pass: last.indexedUs / first.indexedUs <= 2,
  });
  return { rows, details: { iterations, results } };
}
