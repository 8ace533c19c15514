import { readFile } from 'node:fs/promises';
import { clickScoringDoc, createFlow, getDocument, uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { newFlowNamed } from './support/newFlow.js';

const rowOf = (page: import('@playwright/test').Page, name: string) =>
  page.getByTestId('flow-row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('create a flow, see it listed as an unpublished draft, rename it', async ({ page }) => {
  const name = uniqueName('Renamed');
  await newFlowNamed(page, name);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await page.getByRole('button', { name: 'Flows', exact: true }).click();

  const row = rowOf(page, name);
  await expect(row).toContainText('draft');
  await expect(row).toContainText('not published');
  await expect(row).toContainText('just now');

  const newer = uniqueName('Lead nurture');
  // While renaming, the name is an input rather than a link: hold on to the row by its id.
  const id = await row.getAttribute('data-flow-id');
  const same = page.locator(`[data-flow-id="${id}"]`);
  await same.getByRole('button', { name: 'Rename' }).click();
  await same.getByLabel('Flow name').fill(newer);
  await same.getByLabel('Flow name').press('Enter');
  await expect(rowOf(page, newer)).toBeVisible();
  await page.reload();
  await expect(rowOf(page, newer)).toBeVisible();
  await expect(rowOf(page, name)).toHaveCount(0);
});

test('duplicate and delete (with confirmation)', async ({ page, request }) => {
  const name = uniqueName('Original');
  await createFlow(request, clickScoringDoc(name));
  await page.goto('/');
  await rowOf(page, name).getByRole('button', { name: 'Duplicate' }).click();
  const copy = rowOf(page, `${name} (copy)`);
  await expect(copy).toBeVisible();

  await copy.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete flow?' });
  await expect(dialog).toContainText(`${name} (copy)`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(copy).toBeVisible();

  await copy.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete flow' }).click();
  await expect(copy).toHaveCount(0);
  await expect(rowOf(page, name)).toBeVisible();
  await page.reload();
  await expect(rowOf(page, `${name} (copy)`)).toHaveCount(0);
});

test('export a flow as JSON and import it back', async ({ page, request }) => {
  const name = uniqueName('Exported');
  const id = await createFlow(request, clickScoringDoc(name));
  await page.goto('/');
  const downloading = page.waitForEvent('download');
  await rowOf(page, name).getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^exported-.*\.json$/);
  const exported = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
  expect(exported).toEqual(await getDocument(request, id));

  const importedName = uniqueName('Imported');
  exported.settings.name = importedName;
  await page.getByTestId('import-input').setInputFiles({
    name: 'flow.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await expect(rowOf(page, importedName)).toBeVisible();

  await page.getByTestId('import-input').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"hello": "world"}'),
  });
  await expect(page.getByRole('alert')).toContainText('notes.json is not a Scoreflow flow');
});

test('every template opens as a flow without errors', async ({ page }) => {
  for (const template of [
    'Lead scoring by stages',
    'Score bands to lists',
    'Engagement decay exit',
    'Welcome series',
  ]) {
    await page.goto('/');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: new RegExp(template) })
      .click();
    await expect(page).toHaveURL(/\/flows\/[^/]+$/);
    await expect(page.locator('.flow-title')).toHaveText(template);
    await expect(page.getByTestId('problems')).toContainText('none');
    await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(4);
  }
});
