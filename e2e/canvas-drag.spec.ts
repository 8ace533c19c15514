import type { Page } from '@playwright/test';
import { clickScoringDoc, createFlow, getDocument, uniqueName } from './support/api.js';
import { MOD, nodes } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';

type Doc = Awaited<ReturnType<typeof getDocument>>;
const positionIn = (doc: Doc, id: string) =>
  (doc.nodes.find((n) => n.id === id) as { position: { x: number; y: number } } | undefined)?.position;

/** Drags a step by its label with the mouse, `dx` px to the right, in many small moves. */
async function dragStep(page: Page, id: string, dx: number) {
  const box = await page.locator(`.react-flow__node[data-id="${id}"] .step-label`).boundingBox();
  if (!box) throw new Error(`step ${id} not visible`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2, { steps: 15 });
  await page.mouse.up();
}

test('a dragged step is saved where it was dropped and one undo puts it back', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Drag')));
  await page.goto(`/flows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  await expect(undo).toBeDisabled();

  await dragStep(page, 'a1', 200);
  // The dragged step is the selection, so its form is open.
  await expect(page.getByTestId('config-panel')).toContainText('Adjust score');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const moved = await getDocument(request, id);
  expect(positionIn(moved, 'a1')?.x).toBeGreaterThan(100);
  expect(positionIn(moved, 't1')).toEqual({ x: 0, y: 0 });

  // The whole drag is one undo step.
  await page.keyboard.press(`${MOD}+z`);
  await expect(undo).toBeDisabled();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  expect(positionIn(await getDocument(request, id), 'a1')).toEqual({ x: 0, y: 160 });
  await page.keyboard.press(`Shift+${MOD}+z`);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  expect(positionIn(await getDocument(request, id), 'a1')).toEqual(positionIn(moved, 'a1'));
});

test('dragging a multi-selection moves every selected step in one undo step', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Drag many')));
  await page.goto(`/flows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press(`${MOD}+a`);
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);

  await dragStep(page, 't1', 150);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const moved = await getDocument(request, id);
  const t1 = positionIn(moved, 't1');
  const a1 = positionIn(moved, 'a1');
  expect(t1?.x).toBeGreaterThan(50);
  // Both moved by the same amount, so they keep their places relative to each other.
  expect(a1).toEqual({ x: t1?.x, y: (t1?.y ?? 0) + 160 });

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const back = await getDocument(request, id);
  expect(positionIn(back, 't1')).toEqual({ x: 0, y: 0 });
  expect(positionIn(back, 'a1')).toEqual({ x: 0, y: 160 });
});

test('after panning the canvas the steps take clicks again', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Pan')));
  await page.goto(`/flows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  const step = page.locator('.react-flow__node[data-id="a1"]');
  const before = await step.boundingBox();
  const pane = await page.locator('.react-flow').boundingBox();
  if (!before || !pane) throw new Error('no canvas');
  // Drag the empty canvas near its top-left corner, away from the steps.
  await page.mouse.move(pane.x + 20, pane.y + 20);
  await page.mouse.down();
  await page.mouse.move(pane.x + 80, pane.y + 50, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await step.boundingBox())?.x).toBeCloseTo(before.x + 60, 0);
  await page.locator('.react-flow__node[data-id="a1"] .step-label').click();
  await expect(page.getByTestId('config-panel')).toContainText('Adjust score');
});
