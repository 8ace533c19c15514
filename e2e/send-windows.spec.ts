import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y.js';
import { createFlow, uniqueName } from './support/api.js';
import { connect, dropStep, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { publishDraft } from './support/newFlow.js';
import { sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

const ZONE = 'Europe/Paris';
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A weekday that is not today in Paris, whatever time it is there: today plus three days. */
function notToday(): string {
  const today = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short' }).format(new Date());
  return DAYS[(DAYS.indexOf(today) + 3) % 7] as string;
}

const settings = (page: Page) => page.getByTestId('settings-panel');
const panel = (page: Page) => page.getByTestId('config-panel');

test('a send window set in the flow settings holds a webhook until it opens, and the run says until when', async ({
  page,
  request,
}) => {
  const event = `sw.signed.up.${Date.now().toString(36)}`;
  const id = await createFlow(request, {
    schemaVersion: 1,
    settings: { name: uniqueName('Office hours'), reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      {
        id: 'h',
        type: 'action.webhook',
        label: 'Notify CRM',
        position: { x: 0, y: 160 },
        config: { url: 'https://example.com/crm' },
      },
    ],
    edges: [{ id: 'e', source: 't', target: 'h' }],
  });
  await page.goto(`/flows/${id}`);

  // A time zone the world does not have is marked at its field; a real one clears it.
  const zone = settings(page).getByLabel('Time zone');
  await zone.fill('Mars/Olympus_Mons');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(settings(page).locator('.field.has-error .field-error')).toHaveText(
    'Enter an IANA time zone, e.g. Europe/Paris or America/New_York',
  );
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  await zone.fill(ZONE);
  await expect(zone).toHaveAttribute('aria-invalid', 'false');
  await expect(settings(page).locator('.field-error')).toHaveCount(0);

  // The window starts as office hours on weekdays; this one opens on one day only, not today.
  await settings(page).getByRole('checkbox', { name: 'Send window' }).check();
  const days = settings(page).getByRole('group', { name: 'Days' });
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) {
    await expect(days.getByRole('checkbox', { name: day })).toBeChecked();
    await days.getByRole('checkbox', { name: day }).uncheck();
  }
  await expect(days.locator('.field-error')).toHaveText('Choose at least one day');
  const open = notToday();
  await days.getByRole('checkbox', { name: open }).check();
  await expect(days.locator('.field-error')).toHaveCount(0);
  await settings(page).getByLabel('From').fill('08:00');
  await settings(page).getByLabel('To', { exact: true }).fill('07:00');
  await expect(settings(page).getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(settings(page).getByTestId('send-window')).toContainText(
    'The window must end after it starts, on the same day',
  );
  await settings(page).getByLabel('To', { exact: true }).fill('20:00');
  await expect(settings(page).locator('.field-error')).toHaveCount(0);
  await expectAccessible(page, '[data-testid="settings-panel"]');

  // The webhook keeps to the flow's window unless told otherwise.
  await selectNode(page, 'h');
  await expect(panel(page).getByLabel('Send window')).toHaveValue('flow');
  await expect(panel(page).getByLabel('Send window').locator('option:checked')).toHaveText(
    "Keep to the flow's send window",
  );

  // After the webhook, a wait until a day and time, set by ticking days and typing the time.
  const wait = await dropStep(page, 'control.waitUntilTime', 700, 420);
  await connect(page, 'h', 'next', wait);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await selectNode(page, wait);
  const waitDays = panel(page).getByRole('group', { name: 'On which days' });
  for (const day of ['Tue', 'Wed', 'Thu', 'Fri'])
    await waitDays.getByRole('checkbox', { name: day }).uncheck();
  await waitDays.getByRole('checkbox', { name: 'Sat' }).check();
  await panel(page).getByLabel('At (time of day)').fill('07:30');
  const waitNode = page.locator(`.react-flow__node[data-id="${wait}"]`);
  await expect(waitNode).toContainText("Until Mon, Sat 07:30, contact's time");
  await expectAccessible(page, '[data-testid="config-panel"]');

  await expect(page.getByTestId('problems')).toContainText('none');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  // What was saved is what the panel shows after a reload.
  await page.reload();
  await expect(settings(page).getByLabel('Time zone')).toHaveValue(ZONE);
  await expect(
    settings(page).getByRole('group', { name: 'Days' }).getByRole('checkbox', { checked: true }),
  ).toHaveCount(1);
  await publishDraft(page, 1);
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.locator('.editor-bar .badge')).toHaveText('active');

  // A contact arriving today waits at the webhook: the window opens on another day.
  await sendEvent(request, event, uniqueEmail('window'));
  const [run] = await waitForRuns(request, id, 1, 'waiting');
  if (!run) throw new Error('no run');
  await page.goto(`/runs/${run.id}`);
  const held = page.getByTestId('timeline-step').filter({ hasText: 'Notify CRM' }).getByTestId('step-clock');
  await expect(held).toHaveText(
    new RegExp(
      `^Outside the send window ${open} 08:00–20:00 ${ZONE} — waits until ${open} \\d{4}-\\d{2}-\\d{2} 08:00 ${ZONE}$`,
    ),
  );
});
