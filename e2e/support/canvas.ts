import { expect, type Locator, type Page } from '@playwright/test';

/** The canvas node elements (React Flow wrappers carry the node id in data-id). */
export function nodes(page: Page): Locator {
  return page.locator('.react-flow__node');
}

/** The node whose step has this catalog type; `nth` picks among several. */
export function nodeOfType(page: Page, type: string, nth = 0): Locator {
  return nodes(page)
    .filter({ has: page.locator(`[data-type="${type}"]`) })
    .nth(nth);
}

/**
 * Drags a palette item onto the canvas with real HTML5 drag and drop, dropping at (x, y) relative to
 * the canvas; returns the id of the node that appeared.
 */
export async function dropStep(page: Page, type: string, x: number, y: number): Promise<string> {
  const before = await nodes(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), {
    targetPosition: { x, y },
  });
  await expect(nodes(page)).toHaveCount(before.length + 1);
  const after = await nodes(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  const id = after.find((a) => !before.includes(a));
  if (!id) throw new Error(`no new node after dropping ${type}`);
  return id;
}

/** The elements' boxes once the canvas has stopped moving: a fit view or a layout moves it over frames. */
async function settledBoxes(page: Page, locators: Locator[]) {
  const read = () => Promise.all(locators.map((l) => l.boundingBox()));
  let last = await read();
  for (let frame = 0; frame < 60; frame += 1) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    const now = await read();
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/** Connects an output handle of `source` (by output id) to the input of `target` with the mouse. */
export async function connect(page: Page, source: string, output: string, target: string): Promise<void> {
  const from = page.locator(
    `.react-flow__node[data-id="${source}"] .react-flow__handle.source[data-handleid="${output}"]`,
  );
  const to = page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.target`);
  const [a, b] = await settledBoxes(page, [from, to]);
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 - 20, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

/** Selects one node by clicking its body. */
export async function selectNode(page: Page, id: string): Promise<void> {
  const label = page.locator(`.react-flow__node[data-id="${id}"] .step-label`);
  // A step outside the canvas's view cannot be clicked (scrolling it into view moves the canvas's
  // own layers instead): fit the view first, as a user would.
  const box = await label.boundingBox();
  const view = page.viewportSize();
  if (
    box &&
    view &&
    (box.y < 0 || box.x < 0 || box.y + box.height > view.height || box.x + box.width > view.width)
  ) {
    await page.locator('.react-flow__controls-fitview').click();
  }
  await label.click();
  await expect(page.locator(`.react-flow__node[data-id="${id}"]`)).toHaveClass(/selected/);
}

/** The undo/redo chord for this platform. */
export const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';
