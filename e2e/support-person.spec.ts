import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, flakyWebhookServer, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

/** "pricing clicked -> +10 SCORE ("Clicked pricing") -> call the CRM ("Tell the CRM")". */
function pricingDoc(name: string, url: string, event: string) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      {
        id: 'a1',
        type: 'action.adjustScore',
        label: 'Clicked pricing',
        position: { x: 0, y: 150 },
        config: { score: 'SCORE', delta: 10 },
      },
      {
        id: 'w1',
        type: 'action.webhook',
        label: 'Tell the CRM',
        position: { x: 0, y: 300 },
        config: { url },
      },
    ],
    edges: [
      { id: 'e1', source: 't1', target: 'a1' },
      { id: 'e2', source: 'a1', target: 'w1' },
    ],
  };
}

/**
 * A support person is asked about one contact: they find the contact's runs by email, read why the
 * score changed in names, open the failed run, retry it, and watch every part of the page agree on
 * one status as it changes, without reloading.
 */
test('a support person finds a contact by email, reads the ledger in names and retries its failed run', async ({
  page,
  request,
}) => {
  const hook = await flakyWebhookServer();
  try {
    const event = `pricing.clicked.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const flowName = uniqueName('Pricing interest');
    const flowId = await activeFlow(request, pricingDoc(flowName, hook.url, event));
    const email = uniqueEmail('ana');
    await sendEvent(request, event, email);
    const [run] = await waitForRuns(request, flowId, 1, 'failed');
    if (!run) throw new Error('no failed run');

    // Runs of the contact, found by the email the customer wrote from (typed in capitals).
    await page.goto('/runs');
    await page.getByLabel('Contact email').fill(email.toUpperCase());
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.getByTestId('run-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('run-contact')).toHaveText(email);
    await expect(row).toContainText(flowName);
    await expect(row.getByTestId('status')).toHaveText('failed');

    // The ledger names the flow, the step and the event type behind the +10, not their ids.
    await row.getByTestId('run-contact').click();
    await expect(page.getByTestId('contact-title')).toHaveText(email);
    const ledgerRow = page.getByTestId('score-SCORE').getByTestId('ledger-row');
    await expect(ledgerRow).toHaveCount(1);
    await expect(ledgerRow).toContainText(`Flow ${flowName} v1`);
    await expect(ledgerRow.getByTestId('ledger-node')).toHaveText('Clicked pricing (Adjust score)');
    await expect(ledgerRow.getByTestId('ledger-event')).toHaveText(event);

    await page.goto(`/runs/${run.id}`);
    const badge = page.locator('h1').getByTestId('status');
    const hookNode = page.locator('.react-flow__node[data-id="w1"]');
    const outbox = page.getByTestId('outbox-row');
    await expect(badge).toHaveText('failed');
    await expect(page.getByTestId('run-contact')).toHaveText(email);
    await expect(page.getByTestId('current-step')).toHaveText('Tell the CRM (Webhook)');
    await expect(hookNode).toHaveClass(/run-node-failed/);
    await expect(hookNode.getByTestId('node-badge')).toHaveText('failed here');
    await expect(outbox.getByTestId('status')).toHaveText('failed');
    await expect(outbox.getByTestId('outbox-error')).toBeVisible();
    await expect(page.locator('[data-testid="timeline-step"][data-node="w1"]').last()).toContainText(
      'Tell the CRM',
    );

    // Nothing below may reload the page: the marker would be gone.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    await page.getByRole('button', { name: 'Retry', exact: true }).click();

    // One status everywhere, once the re-sent webhook is delivered: badge, flash, node, outbox.
    await expect(badge).toHaveText('completed', { timeout: 20_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Retry' })).toHaveText(
      'Retry succeeded: attempt 2 is completed',
    );
    await expect(page.getByTestId('run-attempt')).toHaveText('attempt 2');
    await expect(hookNode).not.toHaveClass(/run-node-failed/);
    await expect(hookNode.getByTestId('node-badge')).toHaveText('succeeded on retry');
    await expect(outbox.getByTestId('status')).toHaveText('delivered');
    await expect(outbox.getByTestId('outbox-error')).toHaveCount(0);
    await expect(outbox.getByTestId('outbox-history')).toContainText('Delivered after 1 failed attempt');
    // The current attempt shows the delivery succeeding; the failure is folded into the history.
    const current = page.getByTestId('step-timeline');
    await expect(current.locator('[data-node="w1"]').getByTestId('status')).toHaveText('succeeded');
    await expect(current.getByTestId('status').filter({ hasText: 'failed' })).toHaveCount(0);
    await expect(page.getByTestId('attempt-history')).toContainText('Earlier attempts (1)');
    await expect(page.getByTestId('run-error')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(hook.received().map((r) => r.ok)).toEqual([false, true]);
  } finally {
    await hook.close();
  }
});
