import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFlow, uniqueName } from './support/api.js';
import { selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { ensureTemplate } from './support/runs.js';

// Not a check: refreshes the README screenshots. Run with SCREENSHOTS=1 npm run test:e2e -- screenshots
test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to refresh the README screenshots');

const out = join(dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');

const qualify = (name: string) => ({
  schemaVersion: 1,
  settings: { name, reentry: { mode: 'always' }, exits: [] },
  nodes: [
    { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: 'email.clicked' } },
    {
      id: 'a',
      type: 'action.adjustScore',
      position: { x: 0, y: 140 },
      config: { score: 'SCORE', delta: 10 },
    },
    {
      id: 'c',
      type: 'condition.score',
      position: { x: 0, y: 280 },
      config: { score: 'SCORE', op: '>', value: 50 },
    },
    { id: 'l', type: 'action.addToList', position: { x: -140, y: 440 }, config: { list: 'Qualified' } },
    {
      id: 'm',
      type: 'action.sendEmail',
      position: { x: -140, y: 580 },
      config: { template: 'talk-to-sales' },
    },
    { id: 'x', type: 'control.exit', position: { x: 160, y: 440 }, config: { reason: 'Not yet qualified' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'a' },
    { id: 'e2', source: 'a', target: 'c' },
    { id: 'e3', source: 'c', sourceHandle: 'yes', target: 'l' },
    { id: 'e4', source: 'l', target: 'm' },
    { id: 'e5', source: 'c', sourceHandle: 'no', target: 'x' },
  ],
});

test('README screenshots', async ({ page, request }) => {
  mkdirSync(out, { recursive: true });
  await ensureTemplate(request, 'talk-to-sales');
  const id = await createFlow(request, qualify('Qualify engaged leads'));
  await createFlow(request, qualify(uniqueName('Webinar follow-up')));
  await page.goto('/');
  await expect(page.getByTestId('flow-row').first()).toBeVisible();
  await page.screenshot({ path: join(out, 'flows.png') });

  await page.goto(`/flows/${id}`);
  await selectNode(page, 'c');
  await page.screenshot({ path: join(out, 'editor.png') });

  await selectNode(page, 'a');
  await page.getByTestId('config-panel').getByLabel('Points to add', { exact: false }).fill('0');
  await expect(page.locator('.step.issue-error')).toHaveCount(1);
  await page.screenshot({ path: join(out, 'validation.png') });
  await page.getByTestId('config-panel').getByLabel('Points to add', { exact: false }).fill('10');

  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.getByTestId('dry-run').getByRole('button', { name: 'Try it' }).click();
  await page.getByLabel('Scores (one per line)').fill('SCORE = 45');
  await page.getByTestId('dry-run').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.step.on-path')).toHaveCount(5);
  await page.screenshot({ path: join(out, 'dry-run.png') });
});
