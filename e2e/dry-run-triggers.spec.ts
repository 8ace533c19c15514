import { createFlow, uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';

/** "SCORE reaches 50 -> add to list Qualified". */
const thresholdDoc = (name: string) => ({
  schemaVersion: 1,
  settings: { name, reentry: { mode: 'always' }, exits: [] },
  nodes: [
    {
      id: 't',
      type: 'trigger.scoreThreshold',
      position: { x: 0, y: 0 },
      config: { score: 'SCORE', value: 50, direction: 'up' },
    },
    { id: 'l', type: 'action.addToList', position: { x: 0, y: 160 }, config: { list: 'Qualified' } },
  ],
  edges: [{ id: 'e1', source: 't', target: 'l' }],
});

test('a dry run from a score threshold starts only for a contact who reached it, and says why not', async ({
  page,
  request,
}) => {
  const id = await createFlow(request, thresholdDoc(uniqueName('Qualify at 50')));
  await page.goto(`/flows/${id}`);
  const dry = page.getByTestId('dry-run');
  await dry.getByRole('button', { name: 'Try it' }).click();
  // A threshold trigger reads the contact's score, not an event.
  await expect(dry.getByLabel('Event', { exact: true })).toHaveCount(0);

  await dry.getByLabel('Scores (one per line)').fill('SCORE = 45');
  await dry.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dry.getByRole('alert')).toHaveText(
    'SCORE is 45: this trigger starts when SCORE reaches 50 going up. Set SCORE to 50 or more to try it.',
  );
  await expect(page.locator('.step.on-path')).toHaveCount(0);

  await dry.getByLabel('Scores (one per line)').fill('SCORE = 50');
  await dry.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dry.getByTestId('dry-run-effects').locator('li')).toHaveText(['Add to list Qualified']);
  await expect(page.locator('.step.on-path')).toHaveCount(2);
});
