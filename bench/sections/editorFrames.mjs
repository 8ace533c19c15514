import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_NODES } from '@scoreflow/flow';
import { dragTarget, gridLayout } from '../editor-reference/layout.mjs';
import { buildReference, dragFrames, launchChromium, openCanvas, serveStatic } from '../lib/browser.mjs';
import { BENCH_TOKEN, startScoreflow } from '../lib/processes.mjs';
import { freePort } from '../lib/redis.mjs';
import { percentile } from '../lib/stats.mjs';

const SECTION = '6 Editor';
const TARGET = 1.25;
const EDITOR_BUILD = fileURLToPath(new URL('../../apps/editor/dist/index.html', import.meta.url));

/**
 * A valid flow document of `n` catalog steps (an event trigger, then score adjustments) on the bench's
 * grid, chained by edges.
 * @param {number} n
 */
export function gridFlow(n) {
  const { nodes, edges } = gridLayout(n);
  return {
    schemaVersion: 1,
    settings: { name: `bench editor ${n} nodes`, reentry: { mode: 'always' } },
    nodes: nodes.map((p, i) =>
      i === 0
        ? {
            id: p.id,
            type: 'trigger.event',
            position: { x: p.x, y: p.y },
            config: { event: 'email.clicked' },
          }
        : {
            id: p.id,
            type: 'action.adjustScore',
            position: { x: p.x, y: p.y },
            config: { score: 'SCORE', delta: 1 },
          },
    ),
    edges,
  };
}

/**
 * @param {string} base
 * @param {unknown} document
 */
async function createFlow(base, document) {
  const res = await fetch(`${base}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
    body: JSON.stringify({ document }),
  });
  const body = await res.json();
  if (res.status !== 201)
    throw new Error(`bench: creating a flow answered ${res.status}: ${JSON.stringify(body)}`);
  return /** @type {string} */ (body.id);
}

/**
 * Opens one canvas and measures it: time to first render, then a node drag and a viewport pan.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {number} n
 * @param {number} moves
 */
async function measureOnce(browser, url, n, moves) {
  const { page, firstRender } = await openCanvas(browser, url, n);
  try {
    // Lets fitView, the minimap and the first draft checks settle before the clock runs.
    await page.waitForTimeout(1_000);
    const node = await dragFrames(page, { nodeId: dragTarget(n), moves });
    await page.waitForTimeout(500);
    const pan = await dragFrames(page, { moves });
    return { firstRender, node, pan };
  } finally {
    await page.close();
  }
}

/**
 * Frame-time figures over all repetitions of one kind of drag, pooled.
 * @param {Array<{ intervals: number[], ms: number }>} drags
 * @param {number} moves
 */
function frameStats(drags, moves) {
  const intervals = drags.flatMap((d) => d.intervals);
  const updates = drags.flatMap((d) => d.updateIntervals);
  return {
    frames: intervals.length,
    p50: percentile(intervals, 50),
    p95: percentile(intervals, 95),
    max: Math.max(...intervals),
    updates: updates.length,
    updateP50: percentile(updates, 50),
    updateP95: percentile(updates, 95),
    // Each mouse move waits for the page to take it, so this is not bound to the 16.7 ms frame grid.
    msPerMove: drags.reduce((a, d) => a + d.ms, 0) / (drags.length * moves),
  };
}

/**
 * Section 6: frame times of the editor's production build in headless Chromium while a node is dragged
 * and while the viewport is panned, against React Flow's default nodes at the same count and places
 * (bench/editor-reference, built with Vite in this run), and time to first render. A size of
 * 625 nodes would be over the product's limit of MAX_NODES per flow, so the largest size is that limit.
 * @param {{ redis: { url: string }, quick: boolean, log: (msg: string) => void }} ctx
 */
export async function editorFrames({ redis, quick, log }) {
  // Without the build the server answers the editor's routes with 404 and the bench would only time out.
  if (!existsSync(EDITOR_BUILD))
    throw new Error(`bench: the editor is not built (${EDITOR_BUILD}); run npm run build`);
  const sizes = quick ? [100] : [100, 300, Math.min(625, MAX_NODES)];
  const moves = quick ? 60 : 120;
  const repeats = quick ? 1 : 3;
  const tmp = mkdtempSync(path.join(tmpdir(), 'scoreflow-bench-editor-'));
  const referenceDir = path.join(tmp, 'reference');
  log('  building the React Flow reference page');
  await buildReference(referenceDir);
  const reference = await serveStatic(referenceDir);
  const port = await freePort();
  const api = await startScoreflow({
    role: 'api',
    dataDir: path.join(tmp, 'data'),
    redisUrl: redis.url,
    prefix: `bench-editor-${Date.now()}`,
    port,
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  const rows = [];
  const details = { moves, repeats, browser: browser.version(), viewport: '1280x800', sizes: {} };
  try {
    // The editor's canvas shares the window with its side panels; the reference gets a canvas of the
    // same size, so that both fit the grid at the same zoom. Also warms up the server and the browser.
    const probe = await openCanvas(browser, `${base}/flows/${await createFlow(base, gridFlow(10))}`, 10);
    const canvas = await probe.page.evaluate(() => {
      const box = document.querySelector('.react-flow')?.getBoundingClientRect();
      return { w: Math.round(box?.width ?? 0), h: Math.round(box?.height ?? 0) };
    });
    await probe.page.close();
    details.canvas = `${canvas.w}x${canvas.h}`;
    for (const n of sizes) {
      const runs = { reference: [], product: [] };
      // Alternating, so that neither side always runs on a warmer or quieter machine.
      for (let r = 0; r < repeats; r += 1) {
        runs.reference.push(
          await measureOnce(browser, `${reference.url}/?n=${n}&w=${canvas.w}&h=${canvas.h}`, n, moves),
        );
        // A fresh flow each time: the previous drag saved the node 120 px further, on top of its neighbour.
        const flowId = await createFlow(base, gridFlow(n));
        runs.product.push(await measureOnce(browser, `${base}/flows/${flowId}`, n, moves));
      }
      const sum = (list) => ({
        firstRender: percentile(
          list.map((m) => m.firstRender),
          50,
        ),
        node: frameStats(
          list.map((m) => m.node),
          moves,
        ),
        pan: frameStats(
          list.map((m) => m.pan),
          moves,
        ),
      });
      const ref = sum(runs.reference);
      const product = sum(runs.product);
      details.sizes[n] = { reference: ref, product };
      log(
        `  ${n} nodes: node drag p95 ${product.node.p95.toFixed(1)} ms (reference ${ref.node.p95.toFixed(1)}), ` +
          `pan p95 ${product.pan.p95.toFixed(1)} ms (reference ${ref.pan.p95.toFixed(1)}), ` +
          `first render ${product.firstRender.toFixed(0)} ms (reference ${ref.firstRender.toFixed(0)})`,
      );
      rows.push(...sizeRows(n, product, ref));
    }
  } finally {
    await browser.close();
    await api.stop();
    await reference.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, details };
}

/**
 * The table rows of one size.
 * @param {number} n
 * @param {any} product
 * @param {any} ref
 */
function sizeRows(n, product, ref) {
  const rows = [];
  const row = (figure, key, refLabel, target) => {
    const ratio = key(product) / key(ref);
    rows.push({
      section: SECTION,
      figure: `${figure} (${n} nodes)`,
      value: key(product),
      reference: `React Flow default nodes ${refLabel}`,
      refValue: key(ref),
      ratio,
      target: target ? `ratio ≤ ${target}` : 'report',
      pass: target ? ratio <= target : null,
    });
  };
  for (const [what, k] of [
    ['node drag', 'node'],
    ['viewport pan', 'pan'],
  ]) {
    row(`${what}, frame p95 ms`, (s) => s[k].p95, 'p95 ms', TARGET);
    row(`${what}, frame p50 ms`, (s) => s[k].p50, 'p50 ms');
    row(`${what}, p95 ms between visible moves`, (s) => s[k].updateP95, 'p95 ms');
    row(`${what}, ms per mouse move`, (s) => s[k].msPerMove, 'ms / move');
  }
  row('first render ms (median), navigation to all nodes shown', (s) => s.firstRender, 'ms');
  return rows;
}
