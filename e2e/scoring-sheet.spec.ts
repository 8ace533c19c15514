import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { sendEvent, uniqueEmail } from './support/runs.js';

/**
 * The marketer's own sheet: import asset, stage and score as they keep them, see the assets that are
 * not mapped to an event, map one to an event type seen in the data, and generate the flow.
 */
test('import the plain scoring sheet, map its asset to an event type seen, generate the flow', async ({
  page,
  request,
}) => {
  const event = `whitepaper.read.${Date.now().toString(36)}`;
  await sendEvent(request, event, uniqueEmail('sheet'));
  const res = await request.post('/api/scoring-models', { data: { name: uniqueName('Sheet model') } });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };

  await page.goto(`/scores/models/${id}`);
  await page.getByTestId('import-csv').setInputFiles({
    name: 'scoring sheet.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Asset name,Stage,Score\nWhite paper read,consideration,30\n'),
  });
  const row = page.getByTestId('model-row').first();
  await expect(page.getByLabel('Row 1 asset')).toHaveValue('White paper read');
  await expect(row).toContainText('Not mapped');
  await expect(page.getByTestId('unmapped-rows')).toContainText('1 asset is not mapped to an event');
  await expect(page.getByTestId('unmapped-rows')).toContainText('White paper read');

  // Generating names the unmapped row and creates nothing.
  await page.getByRole('button', { name: 'Generate flow' }).click();
  await expect(page.getByRole('alert')).toContainText('Row 1, event');
  await expect(page.getByRole('alert')).toContainText('"White paper read" is not mapped to an event');
  await expect(page.getByTestId('generated')).toHaveCount(0);

  const choice = page.getByLabel('Map row 1 to an event type');
  await expect(choice.locator('option', { hasText: `${event} (1 event)` })).toHaveCount(1);
  await choice.selectOption(event);
  await expect(page.getByLabel('Row 1 event', { exact: true })).toHaveValue(event);
  await expect(page.getByTestId('unmapped-rows')).toHaveCount(0);

  await page.getByRole('button', { name: 'Generate flow' }).click();
  await expect(page.getByTestId('generated')).toContainText('Flow created as a draft');
  await expect(row.getByTestId('row-nodes')).toHaveText(
    'row-white-paper-read-trigger → row-white-paper-read-score',
  );
  await page.reload();
  await expect(page.getByLabel('Row 1 event', { exact: true })).toHaveValue(event);
  await expect(page.getByLabel('Row 1 worth', { exact: true })).toHaveValue('30');
});
