import type { Locator, Page } from '@playwright/test';
import { clickScoringDoc, createFlow, getDocument, uniqueName } from './support/api.js';
import { dropStep, MOD, nodes, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

// Emoji and pictographs: without an emoji font (CI, many Linux desktops) they draw as empty boxes.
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}]|\u{FE0F}/u;

/** The viewport's zoom and pan as React Flow applies them: "translate(x, y) scale(k)". */
const transformOf = (page: Page, scope: Locator = page.locator('body')) =>
  scope.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
const zoomOf = async (page: Page, scope?: Locator) =>
  Number(/scale\(([\d.]+)\)/.exec(await transformOf(page, scope))?.[1] ?? Number.NaN);

test('icons are drawn as SVG everywhere, with no emoji left in the page', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Icons')));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 }).locator('svg')).toBeVisible();
  expect(await page.locator('body').textContent()).not.toMatch(EMOJI);

  await page.goto(`/flows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  // Every palette entry, step and the open step's panel carries its node type's icon as an SVG.
  const items = page.locator('.palette-item');
  expect(await items.count()).toBeGreaterThan(20);
  await expect(page.locator('.palette-item .palette-icon svg')).toHaveCount(await items.count());
  await expect(page.locator('.step .step-icon svg')).toHaveCount(2);
  await selectNode(page, 't1');
  await expect(page.getByTestId('config-panel').locator('.panel-icon svg')).toBeVisible();
  // The icons are decorative: the visible labels name the buttons.
  await expect(page.getByRole('button', { name: 'Undo', exact: true }).locator('svg')).toHaveAttribute(
    'aria-hidden',
    'true',
  );
  await expect(page.getByRole('button', { name: 'Flows', exact: true })).toBeVisible();
  expect(await page.locator('body').textContent()).not.toMatch(EMOJI);
});

test('the first step dropped on an empty canvas lands under the cursor', async ({ page, request }) => {
  const name = uniqueName('Drop');
  const id = await createFlow(request, { ...clickScoringDoc(name), nodes: [], edges: [] });
  await page.goto(`/flows/${id}`);
  await expect(page.getByText('Start with a trigger')).toBeVisible();
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas');
  const at = { x: 160, y: 140 };
  const step = await dropStep(page, 'trigger.event', at.x, at.y);
  const node = page.locator(`.react-flow__node[data-id="${step}"]`);
  await expect(node).toBeVisible();
  // Selecting it is a round trip through the store and a re-render: a re-fit would have happened by then.
  await selectNode(page, step);
  await expect(page.getByTestId('config-panel')).toBeVisible();
  const box = await node.boundingBox();
  if (!box) throw new Error('no node box');
  const drop = { x: pane.x + at.x, y: pane.y + at.y };
  expect(drop.x).toBeGreaterThan(box.x);
  expect(drop.x).toBeLessThan(box.x + box.width);
  expect(drop.y).toBeGreaterThan(box.y);
  expect(drop.y).toBeLessThan(box.y + box.height);
  expect(await zoomOf(page)).toBe(1);
});

test('fit view never zooms a small flow past 100 %', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Fit')));
  await page.goto(`/flows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  expect(await zoomOf(page)).toBeLessThanOrEqual(1);
  await page.getByRole('button', { name: 'Zoom Out' }).click();
  await expect.poll(() => zoomOf(page)).toBeLessThan(1);
  const zoomedOut = await zoomOf(page);
  await page.getByRole('button', { name: 'Fit View' }).click();
  // The fit zooms back in, up to 100 % and no further (React Flow's own limit would be 200 %).
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(zoomedOut);
  expect(await zoomOf(page)).toBeLessThanOrEqual(1);
});

test('the wheel over the run graph scrolls the page; Ctrl + wheel or a focused graph zooms it', async ({
  page,
  request,
}) => {
  const event = `graph.seen.${Date.now().toString(36)}`;
  const doc = clickScoringDoc(uniqueName('Run graph'));
  // Its own event type, so flows of other specs never run on it.
  const [trigger] = doc.nodes as { config: Record<string, unknown> }[];
  if (trigger) trigger.config = { event };
  const flowId = await activeFlow(request, doc);
  await sendEvent(request, event, uniqueEmail('graph'));
  const [run] = await waitForRuns(request, flowId, 1, 'completed');
  if (!run) throw new Error('no run');

  // Short enough that the run page scrolls.
  await page.setViewportSize({ width: 1280, height: 640 });
  await page.goto(`/runs/${run.id}`);
  const graph = page.getByTestId('run-graph');
  await expect(graph.locator('.react-flow__node')).toHaveCount(2);
  await page.evaluate(() => window.scrollTo(0, 0));
  const overGraph = async () => {
    const box = await graph.boundingBox();
    if (!box) throw new Error('no graph box');
    const y = Math.min(box.y + box.height / 2, 600);
    await page.mouse.move(box.x + box.width / 2, y);
  };

  const before = await transformOf(page, graph);
  await overGraph();
  await page.mouse.wheel(0, 240);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  expect(await transformOf(page, graph)).toBe(before);

  const zoom = await zoomOf(page, graph);
  await overGraph();
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -240);
  await page.keyboard.up('Control');
  await expect.poll(() => zoomOf(page, graph)).toBeGreaterThan(zoom);

  // Once the graph is clicked (focused), the plain wheel zooms it and the page stays put.
  await graph.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await expect(graph).toBeFocused();
  const scrolled = await page.evaluate(() => window.scrollY);
  const zoomed = await zoomOf(page, graph);
  await overGraph();
  await page.mouse.wheel(0, 240);
  await expect.poll(() => zoomOf(page, graph)).toBeLessThan(zoomed);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
});

test('a sticky note is typed, moved, undone, saved with the draft and published', async ({
  page,
  request,
}) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Notes')));
  await page.goto(`/flows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('note');
  await expect(note).toBeVisible();
  await expect(note.getByRole('textbox', { name: 'Note text' })).toBeFocused();
  await page.keyboard.type('Clicks are worth 10 points');
  // A note is not a step: it has no handles to connect.
  await expect(note.locator('.react-flow__handle')).toHaveCount(0);

  // Drag it by its frame.
  const head = note.locator('.note-head');
  const start = await head.boundingBox();
  if (!start) throw new Error('no note');
  await page.mouse.move(start.x + 30, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + 130, start.y + 80, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await head.boundingBox())?.x).toBeGreaterThan(start.x + 50);

  // Selected, it resizes from its corner.
  const small = await note.boundingBox();
  const corner = await note.locator('.react-flow__resize-control.bottom.right').first().boundingBox();
  if (!small || !corner) throw new Error('no resize handle');
  await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
  await page.mouse.down();
  await page.mouse.move(corner.x + 100, corner.y + 60, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await note.boundingBox())?.width).toBeGreaterThan(small.width + 50);

  // Deleting it is undoable like a step.
  await note.getByRole('button', { name: 'Delete note' }).click();
  await expect(note).toHaveCount(0);
  await page.keyboard.press(`${MOD}+z`);
  await expect(note.getByRole('textbox', { name: 'Note text' })).toHaveValue('Clicks are worth 10 points');

  await page.keyboard.press(`${MOD}+s`);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const saved = await getDocument(request, id);
  const notes = saved.notes as { text: string; position: { x: number; y: number } }[];
  expect(notes).toHaveLength(1);
  expect(notes[0]?.text).toBe('Clicks are worth 10 points');
  expect((notes[0] as { size?: { width: number } }).size?.width).toBeGreaterThan(small.width + 50);

  await page.reload();
  await expect(page.getByTestId('note').getByRole('textbox', { name: 'Note text' })).toHaveValue(
    'Clicks are worth 10 points',
  );
  await expect(nodes(page)).toHaveCount(3);

  // The engine and validation ignore notes: the flow publishes, and the version keeps the note.
  const published = await request.post(`/api/flows/${id}/publish`);
  expect(published.ok()).toBe(true);
  const version = await request.get(`/api/flows/${id}/versions/1`);
  expect(((await version.json()) as { document: { notes: unknown } }).document.notes).toEqual(notes);
});
