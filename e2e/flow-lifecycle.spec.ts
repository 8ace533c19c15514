import type { Page } from '@playwright/test';
import { createFlow, uniqueName } from './support/api.js';
import { selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { newFlowNamed, publishDraft } from './support/newFlow.js';
import { activeFlow, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

const panel = (page: Page) => page.getByTestId('config-panel');
const problems = (page: Page) => page.getByTestId('problems');

/** A trigger on an event no other spec sends, a step that adds points, then a day's wait. */
function waitingFlow(name: string, event: string) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      {
        id: 't1',
        type: 'trigger.event',
        label: 'Pricing viewed',
        position: { x: 0, y: 0 },
        config: { event },
      },
      {
        id: 'a1',
        type: 'action.adjustScore',
        position: { x: 0, y: 160 },
        config: { score: 'SCORE', delta: 10 },
      },
      { id: 'w1', type: 'control.wait', position: { x: 0, y: 320 }, config: { seconds: 86_400 } },
    ],
    edges: [
      { id: 'e1', source: 't1', target: 'a1' },
      { id: 'e2', source: 'a1', target: 'w1' },
    ],
  };
}

test('problems name the step by its label and type, and clicking one selects it', async ({
  page,
  request,
}) => {
  const id = await createFlow(request, {
    schemaVersion: 1,
    settings: { name: uniqueName('Problems'), reentry: { mode: 'always' }, exits: [] },
    nodes: [
      {
        id: 'nf16fa3',
        type: 'trigger.event',
        label: 'Link clicked',
        position: { x: 0, y: 0 },
        config: { event: 'email.clicked' },
      },
    ],
    edges: [],
  });
  await page.goto(`/flows/${id}`);
  const problem = problems(page).getByRole('button', { name: /leads nowhere/ });
  await expect(problem).toContainText('Event trigger "Link clicked" leads nowhere');
  await expect(problems(page)).not.toContainText('nf16fa3');
  await problem.click();
  await expect(page.locator('.react-flow__node[data-id="nf16fa3"]')).toHaveClass(/selected/);
  await expect(panel(page).getByLabel('Name on canvas')).toHaveValue('Link clicked');
});

test('config fields say in plain words what they need', async ({ page, request }) => {
  const id = await createFlow(request, waitingFlow(uniqueName('Plain words'), 'pricing.viewed'));
  await page.goto(`/flows/${id}`);
  await selectNode(page, 'a1');
  await panel(page).getByLabel('Score', { exact: true }).fill('');
  await panel(page).getByLabel('Points to add', { exact: false }).fill('');
  await expect(panel(page).locator('[data-field="score"] .field-error')).toHaveText('Choose a score');
  await expect(panel(page).locator('[data-field="delta"] .field-error')).toHaveText('Enter a number');
  await expect(panel(page)).not.toContainText('Invalid input');
  // The problems list says which step, in the same words.
  await expect(problems(page)).toContainText('The Adjust score step: choose a score');
  await selectNode(page, 't1');
  await panel(page).getByLabel('Event', { exact: true }).fill('');
  await expect(panel(page).locator('[data-field="event"] .field-error')).toHaveText('Enter the event name');
});

test('a new flow asks for its name: Enter creates it, Escape cancels, an empty name is refused', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'New flow' });
  await expect(dialog.getByLabel('Flow name')).toBeFocused();
  await dialog.getByLabel('Flow name').press('Enter');
  await expect(dialog).toContainText('Enter a name for the flow');
  await expect(page).toHaveURL(/\/$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);

  const name = uniqueName('Webinar follow-up');
  await newFlowNamed(page, name);
  await page.goto('/');
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
});

test('publish shows what changes and who stays on the old version; unchanged drafts cannot be published', async ({
  page,
  request,
}) => {
  const event = `pricing-${Date.now().toString(36)}.viewed`;
  const id = await activeFlow(request, waitingFlow(uniqueName('Publish diff'), event));
  // Two contacts enter version 1 and wait there.
  await sendEvent(request, event, uniqueEmail('v1-a'));
  await sendEvent(request, event, uniqueEmail('v1-b'));
  await waitForRuns(request, id, 2, 'waiting');

  await page.goto(`/flows/${id}`);
  const publish = page.getByRole('button', { name: 'Publish', exact: true });
  await expect(publish).toBeDisabled();
  await expect(page.getByTestId('publish-unchanged')).toHaveText('No changes since v1');
  await expect(page.getByTestId('draft-state')).toHaveText('The draft is the same as version 1.');

  await page.getByTestId('settings-panel').getByLabel('Can a contact enter again?').selectOption('once');
  await selectNode(page, 'a1');
  await panel(page).getByLabel('Points to add', { exact: false }).fill('20');
  await panel(page).getByLabel('Name on canvas').fill('Viewed pricing points');
  await expect(publish).toBeEnabled();
  await expect(page.getByTestId('draft-state')).toHaveText(
    'The draft has changes that are not published yet.',
  );
  await publish.click();
  const dialog = page.getByRole('dialog', { name: 'Publish version 2?' });
  await expect(dialog.getByTestId('publish-diff')).toContainText(
    'Adjust score "Viewed pricing points": renamed from the Adjust score step; Points 10 → 20',
  );
  await expect(dialog.getByTestId('publish-diff')).toContainText(
    'Re-entry: every time the trigger fires (several at once) → only once, ever',
  );
  await expect(dialog.getByTestId('publish-contacts')).toHaveText(
    'Contacts who enter from now on go through version 2. 2 runs are still in progress on earlier versions; those contacts finish on the version they started on.',
  );
  // Cancelling publishes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('versions').getByRole('link')).toHaveText(['Version 1']);

  await publishDraft(page, 2);
  await expect(page.getByTestId('versions').getByRole('link')).toHaveText(['Version 2', 'Version 1']);
  await expect(publish).toBeDisabled();
  await expect(page.getByTestId('publish-unchanged')).toHaveText('No changes since v2');
  await expect(page.getByTestId('draft-state')).toHaveText('The draft is the same as version 2.');
});

test('with no flows yet, the flows page offers the templates', async ({ page }) => {
  // The e2e server is shared with every other spec, so it always has flows: answer this page's
  // list with none, and let every other call (creating from the template) reach the server.
  await page.route('**/api/flows', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ json: { items: [] } }) : route.fallback(),
  );
  await page.goto('/');
  const empty = page.getByRole('region', { name: 'Build your first flow' });
  await expect(empty).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await empty.getByRole('button', { name: /Welcome series/ }).click();
  await expect(page).toHaveURL(/\/flows\/[^/]+$/);
  await expect(page.locator('.flow-title')).toHaveText('Welcome series');
});
