import type { Page } from '@playwright/test';
import { clickScoringDoc, createFlow, getDocument, uniqueName } from './support/api.js';
import { MOD, nodes, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';

async function openFlow(page: Page, id: string) {
  await page.goto(`/flows/${id}`);
  await expect(nodes(page).first()).toBeVisible();
}

test('box-select, copy/paste, duplicate, delete, each undoable', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Clipboard')));
  await openFlow(page, id);
  await expect(nodes(page)).toHaveCount(2);

  // Shift + drag draws a selection box around both steps.
  const pane = await page.locator('.react-flow').boundingBox();
  if (!pane) throw new Error('no canvas');
  await page.keyboard.down('Shift');
  await page.mouse.move(pane.x + 5, pane.y + 5);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width - 5, pane.y + pane.height - 5, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);

  await page.keyboard.press(`${MOD}+c`);
  await page.keyboard.press(`${MOD}+v`);
  await expect(nodes(page)).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  // The pasted copies are the new selection, so duplicating copies them again.
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await page.keyboard.press(`${MOD}+d`);
  await expect(nodes(page)).toHaveCount(6);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  await page.keyboard.press('Delete');
  await expect(nodes(page)).toHaveCount(4);
  await page.keyboard.press(`${MOD}+z`);
  await expect(nodes(page)).toHaveCount(6);
  await page.keyboard.press(`${MOD}+z`);
  await page.keyboard.press(`${MOD}+z`);
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press(`Shift+${MOD}+z`);
  await expect(nodes(page)).toHaveCount(4);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(nodes(page)).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
});

test('help panel, tidy up, and the problems list focusing a step', async ({ page, request }) => {
  const doc = clickScoringDoc(uniqueName('Tidy'));
  // Everything piled on one spot, and one step with a broken config.
  for (const n of doc.nodes as { position: { x: number; y: number } }[]) n.position = { x: 0, y: 0 };
  (doc.nodes as Record<string, unknown>[]).push({
    id: 'w1',
    type: 'control.wait',
    position: { x: 0, y: 0 },
    config: { seconds: -5 },
  });
  (doc.edges as Record<string, unknown>[]).push({ id: 'e2', source: 'a1', target: 'w1' });
  const id = await createFlow(request, doc);
  await openFlow(page, id);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Undo');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expect
    .poll(async () => {
      const boxes = await nodes(page).evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom]),
      );
      const sorted = boxes.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
      return sorted.every((b, i) => i === 0 || (b[0] ?? 0) >= (sorted[i - 1]?.[1] ?? 0));
    })
    .toBe(true);

  await page.getByTestId('problems').locator('.problem.error').click();
  await expect(page.locator('.react-flow__node[data-id="w1"]')).toHaveClass(/selected/);
  await expect(page.getByTestId('config-panel')).toContainText('Wait');
  await expect(page.getByTestId('config-panel').locator('.field-error')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="w1"]')).toBeInViewport();
});

test('autosave, unsaved-changes indicator and the leave-page warning', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Autosave')));
  await openFlow(page, id);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await selectNode(page, 'a1');
  await page.getByTestId('config-panel').getByLabel('Points to add', { exact: false }).fill('15');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  // No click on Save: the debounced autosave writes the draft.
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const saved = await getDocument(request, id);
  expect(saved.nodes.find((n) => n.id === 'a1')?.config).toEqual({ score: 'SCORE', delta: 15 });

  await page.getByTestId('config-panel').getByLabel('Points to add', { exact: false }).fill('20');
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  expect((await dialog).type()).toBe('beforeunload');
  await (await dialog).dismiss();
});

test('flow settings: re-entry policy and an inactivity exit are saved', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Settings')));
  await openFlow(page, id);
  const settings = page.getByTestId('settings-panel');
  await settings.getByLabel('Can a contact enter again?').selectOption('cooldown');
  await settings.getByLabel('Waiting period').fill('2');
  await settings.getByRole('button', { name: '+ Inactivity exit' }).click();
  await settings.getByLabel('Days without engagement').fill('45');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const doc = await getDocument(request, id);
  const saved = doc.settings as Record<string, unknown>;
  expect(saved.reentry).toEqual({ mode: 'cooldown', seconds: 2 * 86_400 });
  expect(saved.exits).toEqual([
    {
      kind: 'inactivity',
      id: 'x1',
      events: ['email.opened', 'email.clicked'],
      days: 45,
      scores: [{ kind: 'set', score: 'SCORE', value: 0 }],
    },
  ]);
});

test('an old version opens read-only', async ({ page, request }) => {
  const id = await createFlow(request, clickScoringDoc(uniqueName('Versions')));
  expect((await request.post(`/api/flows/${id}/publish`)).status()).toBe(201);
  await openFlow(page, id);
  // Change the draft after publishing; version 1 must still show the old value.
  await selectNode(page, 'a1');
  await page.getByTestId('config-panel').getByLabel('Points to add', { exact: false }).fill('30');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');

  await page.getByTestId('versions').getByRole('link', { name: 'Version 1' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${id}/versions/1$`));
  await expect(page.getByRole('status').filter({ hasText: 'published version 1' })).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="a1"]')).toContainText('+10 to SCORE');
  await selectNode(page, 'a1');
  await expect(page.getByTestId('config-panel').getByLabel('Points to add', { exact: false })).toBeDisabled();
  await page.keyboard.press('Delete');
  await expect(nodes(page)).toHaveCount(2);
  await expect(page.getByTestId('palette-trigger.event')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Open the draft' }).click();
  await expect(page.locator('.react-flow__node[data-id="a1"]')).toContainText('+30 to SCORE');
});
