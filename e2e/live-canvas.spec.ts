import { uniqueName } from './support/api.js';
import { E2E_ADMIN_EMAIL } from './support/auth.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

/** "page visited -> wait an hour -> tag". */
function waitDoc(name: string, event: string) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      { id: 'w1', type: 'control.wait', position: { x: 0, y: 160 }, config: { seconds: 3600 } },
      { id: 'a1', type: 'action.addTag', position: { x: 0, y: 320 }, config: { tag: 'followed-up' } },
    ],
    edges: [
      { id: 'e1', source: 't1', target: 'w1' },
      { id: 'e2', source: 'w1', target: 'a1' },
    ],
  };
}

test('the canvas of an active flow shows waiting contacts and runs per edge, live', async ({
  page,
  request,
}) => {
  const event = `page.visited.${Date.now().toString(36)}`;
  const flowId = await activeFlow(request, waitDoc(uniqueName('Follow up'), event));
  await sendEvent(request, event, uniqueEmail('visitor'));
  await sendEvent(request, event, uniqueEmail('visitor'));
  const waiting = await waitForRuns(request, flowId, 2, 'waiting');

  await page.goto(`/flows/${flowId}`);
  const badge = page.locator('.react-flow__node[data-id="w1"]').getByTestId('node-badge');
  await expect(badge).toHaveText('2 waiting');
  await expect(page.locator('.react-flow__edge.edge-counted')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge-textwrapper', { hasText: '2 runs' })).toHaveCount(1);

  // A third contact arrives while the page is open: the badge follows without a reload.
  await sendEvent(request, event, uniqueEmail('visitor'));
  await expect(badge).toHaveText('3 waiting');

  // A waiting run shows where it waits, and support can fast-forward the wait.
  const run = waiting[0];
  if (!run) throw new Error('no waiting run');
  await page.goto(`/runs/${run.id}`);
  await expect(page.locator('.react-flow__node[data-id="w1"]').getByTestId('node-badge')).toHaveText(
    '⏸ waiting here',
  );
  await page.getByRole('button', { name: 'Fast-forward wait' }).click();
  await expect(page.locator('h1').getByTestId('status')).toHaveText('completed', { timeout: 15_000 });
  await expect(page.getByTestId('action-history')).toContainText(`fastForward by ${E2E_ADMIN_EMAIL}`);
  await expect(page.locator('.react-flow__node[data-id="a1"] .step')).toHaveClass(/on-path/);
});
