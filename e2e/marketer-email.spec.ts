import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createFlow, uniqueName } from './support/api.js';
import { connect, dropStep, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { newFlowNamed, publishDraft } from './support/newFlow.js';
import { putTemplate, sendEvent, uniqueEmail } from './support/runs.js';

const panel = (page: Page) => page.getByTestId('config-panel');

/** New flow named `name`, built by `build`, then saved, published and activated through the editor. */
async function buildFlow(page: Page, name: string, build: () => Promise<void>) {
  await newFlowNamed(page, name);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await build();
  await expect(page.getByTestId('problems')).toContainText('none');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  await publishDraft(page, 1);
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.locator('.editor-bar .badge')).toHaveText('active');
}

/**
 * A marketer's whole email path through the UI: write the talk-to-sales email with a variable from the
 * picker, preview it, send a test over SMTP, build "link clicked -> +10 SCORE" and "SCORE reaches 50 ->
 * Qualified list -> send talk-to-sales", then see, on the contact's page, the email exactly as it went.
 */
test('create an email, use it in a flow, and see it as sent on the contact page', async ({
  page,
  request,
}) => {
  // A new installation starts with sample emails.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Emails' }).click();
  await expect(page.getByTestId('template-row-welcome')).toBeVisible();

  await page.getByRole('button', { name: 'New email' }).click();
  await page.getByLabel('Name').fill('talk-to-sales');
  const subject = page.getByLabel('Subject', { exact: true });
  await subject.fill('You reached ');
  // The picker offers the contacts' scores; a click inserts the variable at the cursor.
  await page.getByRole('button', { name: 'contact.scores.SCORE', exact: true }).click();
  await expect(subject).toHaveValue('You reached {{ contact.scores.SCORE }}');
  await subject.press('End');
  await subject.pressSequentially(' points');
  await page.getByLabel('Text', { exact: true }).fill('Hi, a sales person will call you this week.');
  await page.getByLabel('HTML', { exact: true }).fill('<p>Hi, <b>a sales person</b> will call you.</p>');

  // The preview is rendered by the server as delivery renders it, for a made-up contact at 0.
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByTestId('email-subject')).toHaveText('You reached 0 points');
  await expect(preview.getByTestId('email-text')).toContainText('a sales person will call you');
  // The HTML part in a sandboxed frame, with the unsubscribe link delivery adds.
  const html = preview.frameLocator('iframe[title="HTML part"]');
  await expect(html.locator('b')).toHaveText('a sales person');
  await expect(html.getByRole('link', { name: 'Unsubscribe' })).toBeVisible();
  // Strict: a variable no contact has is an error naming the part, not an empty string.
  await page.getByLabel('Text', { exact: true }).fill('Hi {{ contact.attributes.nickname }}');
  await expect(preview.getByRole('alert')).toContainText(
    'Text: template "talk-to-sales", text: undefined variable',
  );
  // Said once, by the part's name, not again as the banner's sentence above it.
  await expect(preview.getByRole('alert')).not.toHaveText(/undefined variable[\s\S]*undefined variable/);
  await page.getByLabel('Text', { exact: true }).fill('Hi, a sales person will call you this week.');
  await expect(preview.getByTestId('email-text')).toContainText('a sales person will call you');

  await page.getByRole('button', { name: 'Save' }).click();
  // Saved: the page becomes the template's own.
  await expect(page).toHaveURL(/\/emails\/talk-to-sales$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('talk-to-sales');

  // The email page is usable with assistive technology: no serious or critical axe finding.
  // The email's own HTML is the marketer's content, in a sandboxed frame axe cannot script: left out.
  const { violations } = await new AxeBuilder({ page }).exclude('iframe.email-html').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await preview.getByLabel('Send a test to').fill('marketer@example.com');
  await preview.getByRole('button', { name: 'Send test' }).click();
  await expect(preview.getByRole('status')).toHaveText('Test email sent to marketer@example.com.');

  // Flow one: link clicked -> +10 SCORE (an event type of its own, so other specs' flows stay apart).
  const clicked = `link.clicked.${Date.now().toString(36)}`;
  await buildFlow(page, uniqueName('Link clicks'), async () => {
    const trigger = await dropStep(page, 'trigger.event', 330, 80);
    const add = await dropStep(page, 'action.adjustScore', 330, 260);
    await connect(page, trigger, 'next', add);
    await selectNode(page, trigger);
    await panel(page).getByLabel('Event', { exact: true }).fill(clicked);
    await selectNode(page, add);
    await panel(page).getByLabel('Score', { exact: true }).fill('SCORE');
    await panel(page).getByLabel('Points to add', { exact: false }).fill('10');
  });

  // Flow two: SCORE reaches 50 -> Qualified list -> send the talk-to-sales email.
  const qualifiedFlow = uniqueName('Qualified');
  await buildFlow(page, qualifiedFlow, async () => {
    const trigger = await dropStep(page, 'trigger.scoreThreshold', 330, 60);
    const list = await dropStep(page, 'action.addToList', 330, 220);
    const email = await dropStep(page, 'action.sendEmail', 330, 380);
    await connect(page, trigger, 'next', list);
    await connect(page, list, 'next', email);
    await selectNode(page, list);
    await panel(page).getByLabel('List', { exact: true }).fill('Qualified');
    await selectNode(page, email);
    await panel(page).getByLabel('Email template').selectOption('talk-to-sales');
    await expect(page.locator(`.react-flow__node[data-id="${email}"]`)).toContainText(
      'Send email talk-to-sales',
    );
  });

  // Five clicks through the public API reach 50.
  const who = uniqueEmail('lead');
  for (let i = 0; i < 5; i++) await sendEvent(request, clicked, who);

  // Events are processed in the background: wait until the contact is qualified.
  const contact = async () => {
    const found = await (await request.get(`/api/contacts?email=${encodeURIComponent(who)}`)).json();
    const id = found.items[0]?.id;
    return id ? (await request.get(`/api/contacts/${id}`)).json() : null;
  };
  await expect
    .poll(async () => JSON.stringify((await contact())?.lists ?? null), { timeout: 20_000 })
    .toContain('Qualified');

  await page.goto('/contacts');
  await page.getByLabel('Email or contact id').fill(who);
  await page.getByRole('button', { name: 'Find contact' }).click();
  await expect(page.getByTestId('contact-title')).toHaveText(who);
  const row = page.getByTestId('outbox-row').filter({ hasText: 'Email "talk-to-sales"' });
  // The email goes out after the step: load the page again until its row shows it delivered.
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId('sent-email')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByText('Email as sent').click();
  const sent = row.getByTestId('rendered-email');
  await expect(sent.getByTestId('email-subject')).toHaveText('You reached 50 points');
  await expect(sent.getByTestId('email-text')).toContainText('Hi, a sales person will call you this week.');
  // The unsubscribe footer and header it went out with.
  await expect(sent.getByTestId('email-text')).toContainText('Unsubscribe: http');
  await expect(row).toContainText('List-Unsubscribe');
  await expectOutboxFits(page);
  await expect(page.getByTestId('breadcrumb')).toHaveText(`Contacts / ${who}`);

  // The same email from its run's page: the breadcrumb names the flow and the contact, not the run id.
  await row.getByRole('cell').last().getByRole('link').click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  await expect(page.getByTestId('breadcrumb')).toHaveText(`Runs / ${qualifiedFlow} · ${who}`);
  const runRow = page.getByTestId('outbox-row').filter({ hasText: 'Email "talk-to-sales"' });
  await runRow.getByText('Email as sent').click();
  await expect(runRow.getByTestId('email-subject')).toHaveText('You reached 50 points');
  await expectOutboxFits(page);
});

/**
 * The opened "email as sent" fits its cell: the outbox table stays within its box, so the Kind, Status
 * and Run columns stay in view, and the HTML frame is no wider than the table.
 */
async function expectOutboxFits(page: Page) {
  const table = page.getByTestId('outbox');
  const [tableBox, boxBox, frameBox] = await Promise.all([
    table.boundingBox(),
    table.locator('xpath=..').boundingBox(),
    table.locator('iframe.email-html').first().boundingBox(),
  ]);
  if (!tableBox || !boxBox || !frameBox) throw new Error('the outbox table is not on the page');
  expect(tableBox.width).toBeLessThanOrEqual(boxBox.width + 1);
  expect(frameBox.x + frameBox.width).toBeLessThanOrEqual(tableBox.x + tableBox.width + 1);
}

/**
 * Deleting an email a flow uses: the editor's problems list names the step and the missing email, and
 * the server refuses to publish, so no flow goes live whose every email would fail.
 */
test('a deleted email shows as a problem on the Send email step and blocks publishing', async ({
  page,
  request,
}) => {
  const template = uniqueName('webinar').replace(/\s/g, '-');
  await putTemplate(request, template);
  const flowName = uniqueName('Webinar');
  const flowId = await createFlow(request, {
    schemaVersion: 1,
    settings: { name: flowName, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: 'webinar.registered' } },
      { id: 'm', type: 'action.sendEmail', position: { x: 0, y: 160 }, config: { template } },
    ],
    edges: [{ id: 'e', source: 't', target: 'm' }],
  });

  await page.goto('/emails');
  await page.getByRole('button', { name: `Delete ${template}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete email' }).click();
  await expect(page.getByTestId(`template-row-${template}`)).toHaveCount(0);

  await page.goto(`/flows/${flowId}`);
  const problems = page.getByTestId('problems');
  await expect(problems).toContainText('1 error');
  await expect(problems).toContainText(`sends the email "${template}", which does not exist`);
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  // The step's form keeps the name, marked, until another email is chosen.
  await page.locator('.react-flow__node[data-id="m"] .step-label').click();
  const field = page.getByTestId('config-panel').getByLabel('Email template');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.selectOption('welcome');
  await expect(problems).toContainText('none');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled();
});
