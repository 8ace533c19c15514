import { uniqueName } from './support/api.js';
import { E2E_ADMIN_EMAIL } from './support/auth.js';
import { expect, test } from './support/fixtures.js';
import {
  activeFlow,
  flakyWebhookServer,
  runsOf,
  sendEvent,
  uniqueEmail,
  waitForRuns,
} from './support/runs.js';

/** A per-test event type, so flows of other tests (still active) never start runs on these events. */
const uniqueEvent = () => `order.placed.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** "order placed -> call the webhook". */
function webhookDoc(name: string, url: string, event: string) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      { id: 'w1', type: 'action.webhook', position: { x: 0, y: 160 }, config: { url } },
    ],
    edges: [{ id: 'e1', source: 't1', target: 'w1' }],
  };
}

test('retry a run whose webhook failed and watch it complete', async ({ page, request }) => {
  const hook = await flakyWebhookServer();
  try {
    const event = uniqueEvent();
    const flowId = await activeFlow(request, webhookDoc(uniqueName('Order hook'), hook.url, event));
    await sendEvent(request, event, uniqueEmail('buyer'));
    const [run] = await waitForRuns(request, flowId, 1, 'failed');
    if (!run) throw new Error('no failed run');

    // The failed-runs view of this flow, straight from a URL a colleague could have sent.
    await page.goto(`/runs?flowId=${flowId}&status=failed`);
    await expect(page.getByTestId('tab-failed')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await page.getByTestId('run-row').getByRole('link').first().click();
    await expect(page).toHaveURL(`/runs/${run.id}`);

    await expect(page.locator('h1').getByTestId('status')).toHaveText('failed');
    await expect(page.getByTestId('run-error')).toContainText('delivery failed');
    await expect(page.locator('.react-flow__node[data-id="w1"]').getByTestId('node-badge')).toHaveText(
      'failed here',
    );
    await expect(page.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    // The page polls the running run until the re-delivered webhook completes it.
    await expect(page.locator('h1').getByTestId('status')).toHaveText('completed', { timeout: 20_000 });
    await expect(page.getByTestId('outbox-row').getByTestId('status')).toHaveText('delivered');
    await expect(page.getByTestId('action-history')).toContainText(`retry by ${E2E_ADMIN_EMAIL}`);
    await expect(page.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);
    expect(hook.received().map((r) => r.ok)).toEqual([false, true]);
  } finally {
    await hook.close();
  }
});

test('bulk retry retries every failed run matching the filter and leaves the others', async ({
  page,
  request,
}) => {
  const hook = await flakyWebhookServer();
  try {
    const event = uniqueEvent();
    const nameA = uniqueName('Hook A');
    const flowA = await activeFlow(request, webhookDoc(nameA, hook.url, event));
    const flowB = await activeFlow(request, webhookDoc(uniqueName('Hook B'), hook.url, event));
    // Flow B listens to the same event type: one event per contact fails a run in both flows.
    for (let i = 0; i < 3; i++) await sendEvent(request, event, uniqueEmail(`bulk${i}`));
    await waitForRuns(request, flowA, 3, 'failed');
    await waitForRuns(request, flowB, 3, 'failed');

    await page.goto('/runs');
    await page.getByLabel('Flow').selectOption({ label: nameA });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(new RegExp(`flowId=${flowA}`));
    await expect(page.getByTestId('tab-failed').locator('.count')).toHaveText('3');

    // The filter lives in the URL: a reload shows the same view.
    await page.reload();
    await expect(page.getByLabel('Flow')).toHaveValue(flowA);
    await expect(page.getByTestId('run-row')).toHaveCount(3);
    // Sorting is the server's, kept in the URL next to the filter.
    await page.getByRole('button', { name: /^Started/ }).click();
    await expect(page).toHaveURL(/order=asc/);
    await expect(page.getByRole('columnheader', { name: /Started/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await expect(page.getByTestId('run-row')).toHaveCount(3);

    await page.getByRole('button', { name: 'Retry all failed matching' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('3 failed runs match');
    await dialog.getByRole('button', { name: 'Retry 3' }).click();
    await expect(page.getByTestId('bulk-result')).toContainText('Retried 3 runs');

    await waitForRuns(request, flowA, 3, 'completed');
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(page.getByTestId('tab-completed').locator('.count')).toHaveText('3', { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByTestId('tab-failed').locator('.count')).toHaveText('0');
    await expect(page.getByRole('button', { name: 'Retry all failed matching' })).toBeDisabled();
    // Flow B was outside the filter: its runs are still failed.
    expect((await runsOf(request, flowB)).map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  } finally {
    await hook.close();
  }
});
