/** Chromium, the reference page's build and in-page frame timing for bench section 6 (the editor). */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { BENCH_TOKEN } from './processes.mjs';

const REFERENCE_ROOT = fileURLToPath(new URL('../editor-reference/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/**
 * Builds bench/editor-reference (React Flow with default nodes) for production into `outDir`, the same
 * kind of bundle as the editor's `vite build`.
 * @param {string} outDir
 */
export async function buildReference(outDir) {
  await build({
    root: REFERENCE_ROOT,
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
}

/**
 * Serves a built directory on a loopback port; resolves with its base URL and a stop function.
 * @param {string} dir
 */
export async function serveStatic(dir) {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    // Keeps requests inside the built directory.
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/** Headless system Chromium with the flags the bench brief fixes. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Opens `url` in a fresh page and waits until React Flow shows all `count` nodes measured (it hides
 * nodes until it knows their size); the time is from navigation start, read in the page.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {number} count
 */
export async function openCanvas(browser, url, count) {
  // The token is for Scoreflow's API; the reference's static server ignores it.
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    extraHTTPHeaders: { authorization: `Bearer ${BENCH_TOKEN}` },
  });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (n) => {
      const els = document.querySelectorAll('.react-flow__node');
      if (els.length !== n) return false;
      for (const el of els) if (getComputedStyle(el).visibility === 'hidden') return false;
      return performance.now();
    },
    count,
    { polling: 'raf', timeout: 120_000 },
  );
  const firstRender = /** @type {number} */ (await handle.jsonValue());
  if (errors.length) throw new Error(`bench: ${url} threw: ${errors.join('; ')}`);
  return { page, firstRender };
}

/**
 * A point of the empty canvas (React Flow's pane) near the top-left corner of `.react-flow`.
 * @param {import('playwright-core').Page} page
 */
async function panePoint(page) {
  const point = await page.evaluate(() => {
    const box = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!box) return null;
    for (let d = 12; d < 200; d += 8) {
      const x = box.left + d;
      const y = box.top + d;
      if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    }
    return null;
  });
  if (!point) throw new Error('bench: found no empty canvas to pan');
  return point;
}

/**
 * Drags a node (`nodeId`) or, without one, the viewport with the mouse along a loop and back to 120 px
 * right of where it started, `moves` mouse moves, and collects requestAnimationFrame timestamps in the
 * page meanwhile. Resolves with the frame times (intervals between consecutive frames from the press to
 * the frame after the release), the intervals between the frames that showed the dragged node (or the
 * viewport) somewhere new, and the drag's duration in ms. Throws if the node (or the viewport) did not follow the mouse, since the frames would then
 * time nothing.
 * @param {import('playwright-core').Page} page
 * @param {{ nodeId?: string, moves: number }} options
 */
export async function dragFrames(page, { nodeId, moves }) {
  const node = nodeId ? page.locator(`.react-flow__node[data-id="${nodeId}"]`) : null;
  const probe = node ?? page.locator('.react-flow__node').first();
  const before = await probe.boundingBox();
  if (!before) throw new Error('bench: nothing to drag');
  const start = node
    ? { x: before.x + before.width / 2, y: before.y + before.height / 2 }
    : await panePoint(page);
  const moving = nodeId ? `.react-flow__node[data-id="${nodeId}"]` : '.react-flow__viewport';
  await page.evaluate((selector) => {
    const w = /** @type {any} */ (window);
    w.__frames = [];
    w.__updates = [];
    w.__marks = {};
    let last = '';
    document.addEventListener('pointerdown', () => (w.__marks.down = performance.now()), { capture: true });
    document.addEventListener('pointerup', () => (w.__marks.up = performance.now()), { capture: true });
    const loop = (t) => {
      w.__frames.push(t);
      // A frame that shows the dragged thing somewhere new; reading the inline style costs no layout.
      const transform = /** @type {HTMLElement | null} */ (document.querySelector(selector))?.style.transform;
      if (transform && transform !== last) {
        last = transform;
        w.__updates.push(t);
      }
      w.__raf = requestAnimationFrame(loop);
    };
    w.__raf = requestAnimationFrame(loop);
  }, moving);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= moves; i += 1) {
    const a = (i / moves) * 2 * Math.PI;
    // A loop of radius 80 px, drifting right so that the drag ends 120 px from its start.
    const x = start.x + 80 * Math.sin(a) + (120 * i) / moves;
    const y = start.y + 80 * (1 - Math.cos(a));
    await page.mouse.move(x, y);
  }
  await page.mouse.up();
  const { frames, updates, marks } = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    cancelAnimationFrame(w.__raf);
    return { frames: w.__frames, updates: w.__updates, marks: w.__marks };
  });
  const after = await probe.boundingBox();
  const moved = after ? after.x - before.x : 0;
  if (Math.abs(moved - 120) > 12) {
    throw new Error(`bench: the ${nodeId ? 'node' : 'viewport'} moved ${moved.toFixed(0)} px, not 120 px`);
  }
  // From the press to the first frame after the release, which shows the last move.
  const first = frames.findIndex((/** @type {number} */ t) => t >= marks.down);
  const afterUp = frames.findIndex((/** @type {number} */ t) => t > marks.up);
  const during = frames.slice(first, afterUp === -1 ? frames.length : afterUp + 1);
  const intervals = during.slice(1).map((t, i) => t - during[i]);
  const shown = updates.filter(
    (/** @type {number} */ t) => t >= marks.down && t <= during[during.length - 1],
  );
  const updateIntervals = shown.slice(1).map((t, i) => t - shown[i]);
  return { intervals, updateIntervals, ms: marks.up - marks.down };
}
