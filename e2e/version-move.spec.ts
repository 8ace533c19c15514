import { expectAccessible } from './support/a11y.js';
import { uniqueName } from './support/api.js';
import { connect, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, runsOf, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

const MONTH = 30 * 86_400;

/** Two paths, each "event -> long wait -> tag": trial started -> First wait, demo booked -> Second wait. */
function twoWaits(name: string, trial: string, demo: string) {
  const at = (x: number, y: number) => ({ x, y });
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 'ta', type: 'trigger.event', position: at(0, 0), config: { event: trial } },
      {
        id: 'wa',
        type: 'control.wait',
        label: 'First wait',
        position: at(0, 120),
        config: { seconds: MONTH },
      },
      { id: 'ga', type: 'action.addTag', label: 'Trial tag', position: at(0, 240), config: { tag: 'trial' } },
      { id: 'tb', type: 'trigger.event', position: at(320, 0), config: { event: demo } },
      {
        id: 'wb',
        type: 'control.wait',
        label: 'Second wait',
        position: at(320, 120),
        config: { seconds: MONTH },
      },
      { id: 'gb', type: 'action.addTag', label: 'Nudge', position: at(320, 240), config: { tag: 'nudged' } },
    ],
    edges: [
      { id: 'e1', source: 'ta', target: 'wa' },
      { id: 'e2', source: 'wa', target: 'ga' },
      { id: 'e3', source: 'tb', target: 'wb' },
      { id: 'e4', source: 'wb', target: 'gb' },
    ],
  };
}

test('publishing can move waiting contacts to the new version, sending those whose step is gone to another', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const trial = `vm.trial.${suffix}`;
  const demo = `vm.demo.${suffix}`;
  const id = await activeFlow(request, twoWaits(uniqueName('Nurture'), trial, demo));
  // Two contacts wait at the first wait of version 1, one at the second.
  await sendEvent(request, trial, uniqueEmail('vm-a'));
  await sendEvent(request, trial, uniqueEmail('vm-b'));
  await sendEvent(request, demo, uniqueEmail('vm-c'));
  await waitForRuns(request, id, 3, 'waiting');

  // The draft drops the second wait: the demo path goes straight to the nudge.
  await page.goto(`/flows/${id}`);
  await selectNode(page, 'wb');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node[data-id="wb"]')).toHaveCount(0);
  // The whole flow in view, clear of the minimap, before drawing the new connection.
  await page.locator('.react-flow__controls-fitview').click();
  await connect(page, 'tb', 'next', 'gb');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish version 2?' });
  await expect(dialog.getByTestId('waiting-position')).toHaveText([
    'Version 1, at First wait (Wait): 2 contacts',
    'Version 1, at Second wait (Wait): 1 contact (this step is not in version 2)',
  ]);
  // Keeping them where they are is what publishing does unless told otherwise.
  await expect(dialog.getByRole('radio', { name: 'Keep them on their version' })).toBeChecked();
  await expect(dialog.getByTestId('missing-step-choice')).toHaveCount(0);

  await dialog.getByRole('radio', { name: /^Move them to the new version/ }).check();
  const missing = dialog.getByRole('group', { name: /1 contact waits? at a step version 2 no longer has/ });
  await expect(missing.getByRole('radio', { name: 'Take them out of the flow' })).toBeChecked();
  await missing.getByRole('radio', { name: 'Send them to step' }).check();
  const step = missing.getByRole('combobox', { name: 'Step to send them to' });
  // Only steps a contact can be sent to: no triggers.
  await expect(step.locator('option')).toHaveText([
    'First wait (Wait)',
    'Trial tag (Add tag)',
    'Nudge (Add tag)',
  ]);
  await step.selectOption({ label: 'Nudge (Add tag)' });
  await expect(dialog.getByTestId('publish-contacts')).toContainText('those waiting move to version 2');
  await expectAccessible(page, '[role="dialog"]');
  await dialog.getByRole('button', { name: 'Publish version 2' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Published version 2' })).toHaveText(
    'Published version 2. 2 contacts moved, 1 sent to Nudge (Add tag), 0 taken out',
  );

  // The contact sent to the nudge got its tag and finished; the others wait on version 2.
  await waitForRuns(request, id, 1, 'completed');
  const runs = await runsOf(request, id);
  const sent = runs.find((r) => r.status === 'completed');
  const kept = runs.find((r) => r.status === 'waiting');
  if (!sent || !kept) throw new Error('no runs');

  await page.goto(`/runs/${kept.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('v2');
  await expect(page.getByTestId('action-history').locator('[data-action="move"]')).toContainText(
    'Moved from version 1 to version 2 (at First wait)',
  );
  await page.goto(`/runs/${sent.id}`);
  await expect(page.getByTestId('action-history').locator('[data-action="move"]')).toContainText(
    'Moved from version 1 to version 2, sent to Nudge: its step is gone',
  );
});
