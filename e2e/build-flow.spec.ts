import type { Page } from '@playwright/test';
import { uniqueName } from './support/api.js';
import { connect, dropStep, MOD, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { newFlowNamed, publishDraft } from './support/newFlow.js';
import { ensureTemplate } from './support/runs.js';

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const panel = (page: Page) => page.getByTestId('config-panel');

/**
 * The marketer's whole path: from an empty canvas, by drag and drop, build
 * "email clicked -> +10 SCORE -> SCORE > 50? yes -> add to list Qualified -> send email",
 * configure every step in the panel, see a validation error come and go, undo and redo, publish,
 * activate, and watch events sent to the API change the contact.
 */
test('build, configure, validate, publish and run the qualification flow', async ({ page, request }) => {
  const name = uniqueName('Qualify');
  // The Send email step can only name a template that exists.
  await ensureTemplate(request, 'talk-to-sales');
  await newFlowNamed(page, name);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.getByTestId('problems')).toContainText('1 error');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();

  // Drag five steps from the palette (the search box narrows the list first for one of them).
  const trigger = await dropStep(page, 'trigger.event', 330, 60);
  const add = await dropStep(page, 'action.adjustScore', 330, 200);
  await page.getByLabel('Search steps').fill('score');
  await expect(page.getByTestId('palette-action.sendEmail')).toHaveCount(0);
  const cond = await dropStep(page, 'condition.score', 330, 340);
  await page.getByLabel('Search steps').fill('');
  const list = await dropStep(page, 'action.addToList', 200, 500);
  const email = await dropStep(page, 'action.sendEmail', 200, 650);

  // Unconnected steps are flagged as unreachable until the graph is wired.
  await expect(node(page, list).locator('.step')).toHaveClass(/issue-warning/);
  await connect(page, trigger, 'next', add);
  await connect(page, add, 'next', cond);
  await connect(page, cond, 'yes', list);
  await connect(page, list, 'next', email);
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge.edge-yes')).toHaveCount(1);
  await expect(node(page, list).locator('.step')).not.toHaveClass(/issue-/);
  // Only the condition's unused "no" branch is left, and that is a warning: publishing is allowed.
  await expect(page.getByTestId('problems')).toContainText('1 warning');
  await expect(page.getByTestId('problems')).not.toContainText('error');

  // Configure every step through the panel.
  await selectNode(page, trigger);
  await panel(page).getByLabel('Event', { exact: true }).fill('email.clicked');
  await selectNode(page, add);
  await panel(page).getByLabel('Score', { exact: true }).fill('SCORE');
  await panel(page).getByLabel('Points to add', { exact: false }).fill('10');
  await selectNode(page, cond);
  await panel(page).getByLabel('Comparison').selectOption('>');
  await panel(page).getByLabel('Value', { exact: true }).fill('50');
  await selectNode(page, list);
  await panel(page).getByLabel('List', { exact: true }).fill('Qualified');
  await selectNode(page, email);
  await panel(page).getByLabel('Email template').selectOption('talk-to-sales');

  await expect(node(page, trigger)).toContainText('On email.clicked');
  await expect(node(page, add)).toContainText('+10 to SCORE');
  await expect(node(page, cond)).toContainText('SCORE > 50');
  await expect(node(page, list)).toContainText('Add to list Qualified');
  await expect(node(page, email)).toContainText('Send email talk-to-sales');

  // A validation error appears on the field, the node and the problems list, and blocks publishing...
  await selectNode(page, add);
  await panel(page).getByLabel('Points to add', { exact: false }).fill('0');
  await expect(panel(page).locator('.field-error')).toContainText('must not be zero');
  await expect(node(page, add).locator('.step')).toHaveClass(/issue-error/);
  await expect(page.getByTestId('problems')).toContainText('1 error');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  // ...clicking the problem selects the step; fixing the value clears it everywhere.
  await page.locator('body').click({ position: { x: 5, y: 895 } });
  await page.getByTestId('problems').locator('.problem.error').click();
  await expect(node(page, add)).toHaveClass(/selected/);
  await panel(page).getByLabel('Points to add', { exact: false }).fill('10');
  await expect(panel(page).locator('.field-error')).toHaveCount(0);
  await expect(node(page, add).locator('.step')).not.toHaveClass(/issue-error/);
  await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled();

  // Undo and redo a config change and a deletion with the keyboard.
  await selectNode(page, list);
  await panel(page).getByLabel('List', { exact: true }).fill('Qualified leads');
  await expect(node(page, list)).toContainText('Add to list Qualified leads');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${MOD}+z`);
  await expect(node(page, list)).toContainText(/Add to list Qualified$/);
  await page.keyboard.press(`Shift+${MOD}+z`);
  await expect(node(page, list)).toContainText('Add to list Qualified leads');
  await page.keyboard.press(`${MOD}+z`);
  await selectNode(page, email);
  await page.keyboard.press('Delete');
  await expect(node(page, email)).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await page.keyboard.press(`${MOD}+z`);
  await expect(node(page, email)).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(node(page, list)).toContainText(/Add to list Qualified$/);

  // Dry run in the browser: a contact at 45 clicks, crosses 50 and would be listed and emailed.
  const dry = page.getByTestId('dry-run');
  await dry.getByRole('button', { name: 'Try it' }).click();
  await expect(dry.getByLabel('Start from')).toHaveValue(trigger);
  await dry.getByLabel('Scores (one per line)').fill('SCORE = 45');
  await dry.getByRole('button', { name: 'Run' }).click();
  await expect(dry.getByTestId('dry-run-effects').locator('li')).toHaveText([
    '+10 SCORE (now 55)',
    'Add to list Qualified',
    'Send email talk-to-sales',
  ]);
  await expect(page.locator('.step.on-path')).toHaveCount(5);
  await expect(page.locator('.react-flow__edge.edge-on-path')).toHaveCount(4);
  await dry.getByLabel('Scores (one per line)').fill('SCORE = 0');
  await dry.getByRole('button', { name: 'Run' }).click();
  await expect(dry.getByTestId('dry-run-effects').locator('li')).toHaveText(['+10 SCORE (now 10)']);
  await expect(page.locator('.step.on-path')).toHaveCount(3);
  await dry.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.step.on-path')).toHaveCount(0);

  // Save, publish, activate.
  await expect(page.getByTestId('save-state')).toHaveText(/Unsaved changes|Saving…|All changes saved/);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await publishDraft(page, 1);
  await expect(page.getByTestId('versions')).toContainText('Version 1');
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.locator('.editor-bar .badge')).toHaveText('active');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

  // Events sent to the API run the published flow: six clicks reach 60 and qualify the contact.
  const who = `${uniqueName('lead').replace(/\s+/g, '.')}@example.com`;
  for (let i = 0; i < 6; i++) {
    const res = await request.post('/api/events', {
      data: { type: 'email.clicked', contact: { email: who } },
    });
    expect(res.status()).toBe(202);
  }
  const contact = async () => {
    const found = await (await request.get(`/api/contacts?email=${encodeURIComponent(who)}`)).json();
    const id = found.items[0]?.id;
    if (!id) return null;
    return (await request.get(`/api/contacts/${id}`)).json();
  };
  await expect
    .poll(async () => JSON.stringify((await contact())?.scores ?? null), { timeout: 20_000 })
    .toContain('60');
  await expect
    .poll(async () => JSON.stringify((await contact())?.lists ?? null), { timeout: 20_000 })
    .toContain('Qualified');
});
