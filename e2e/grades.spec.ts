import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y.js';
import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import {
  contactIdByEmail,
  publishModelFlow,
  removeModel,
  sendEventWithAttributes,
} from './support/grades.js';
import { uniqueEmail } from './support/runs.js';

// Scoring models are the workspace's and the server is shared by the specs running beside this one:
// every score, attribute and event type here is this spec's own, and its models go in afterAll.
const created: { modelId: string; flowId?: string }[] = [];
test.afterAll(async ({ request }) => {
  for (const { modelId, flowId } of created) await removeModel(request, modelId, flowId);
});

/** Creates a model on the Scoring models page and opens it; answers its id. */
async function newModel(page: Page, name: string): Promise<string> {
  await page.goto('/scores/models');
  await page.getByLabel('Model name').fill(name);
  await page.getByRole('button', { name: 'New model' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  created.push({ modelId: id });
  return id;
}

test('a threshold that does not start below the one above it is refused at its field', async ({ page }) => {
  const suffix = uniqueName('g').split(' ')[1] ?? '';
  await newModel(page, uniqueName('Graded model'));
  await page.getByLabel('Score', { exact: true }).fill(`ENG${suffix}`);
  await page.getByLabel('Fit score', { exact: true }).fill(`FIT${suffix}`);
  await page.getByLabel('Grade contacts (A1–D4)').check();
  // The default thresholds are filled in: A from 60, B from 40.
  await expect(page.getByLabel('A from fit score')).toHaveValue('60');
  await page.getByLabel('B from fit score').fill('60');
  await page.getByRole('button', { name: 'Save' }).click();

  const fit = page.getByTestId('grades-fit');
  await expect(page.getByLabel('B from fit score')).toHaveAttribute('aria-invalid', 'true');
  await expect(fit.locator('.field-error')).toHaveText('B must start below A');
  await expect(page.getByRole('alert')).toContainText('Grades, fit B');
  await expect(page.getByRole('button', { name: 'Save' })).toBeEnabled();

  await page.getByLabel('B from fit score').fill('40');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeDisabled();
  await expect(fit.locator('.field-error')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Grade contacts (A1–D4)')).toBeChecked();
  await expect(page.getByLabel('B from fit score')).toHaveValue('40');
});

test('fit rules and grades: a contact matching both rules is graded A2, its ledger names the rules, the list and the backtest show it', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const suffix = uniqueName('g').split(' ')[1] ?? '';
  const engagement = `ENG${suffix}`;
  const fitScore = `FIT${suffix}`;
  const title = `title_${suffix}`;
  const seats = `seats_${suffix}`;
  const event = `grades.demo.${suffix}`;
  const name = uniqueName('Lead model');
  const modelId = await newModel(page, name);

  await page.getByLabel('Score', { exact: true }).fill(engagement);
  await page.getByRole('button', { name: 'Add row' }).click();
  await page.getByLabel('Row 1 asset').fill('Demo request');
  await page.getByLabel('Row 1 event').fill(event);
  await page.getByLabel('Row 1 stage').selectOption('purchase');
  await page.getByLabel('Row 1 worth', { exact: true }).fill('60');

  const rules = page.getByTestId('fit-rules');
  await rules.getByLabel('Fit score', { exact: true }).fill(fitScore);
  await rules.getByRole('button', { name: 'Add fit rule' }).click();
  await rules.getByLabel('Fit rule 1 attribute').fill(title);
  await rules.getByLabel('Fit rule 1 operator').selectOption('contains');
  await rules.getByLabel('Fit rule 1 value').fill('VP');
  await rules.getByLabel('Fit rule 1 points').fill('50');
  await rules.getByRole('button', { name: 'Add fit rule' }).click();
  await rules.getByLabel('Fit rule 2 attribute').fill(seats);
  await rules.getByLabel('Fit rule 2 operator').selectOption('gte');
  await rules.getByLabel('Fit rule 2 value').fill('200');
  await rules.getByLabel('Fit rule 2 points').fill('20');
  // Each rule reads as the ledger will name it.
  await expect(rules.getByTestId('fit-rule-words')).toHaveText([
    `${title} contains "VP": +50`,
    `${seats} >= 200: +20`,
  ]);

  await page.getByLabel('Grade contacts (A1–D4)').check();
  await expect(page.getByTestId('grades-engagement').getByLabel('2 from engagement score')).toHaveValue('50');
  // The rules apply what is saved: not while the page has unsaved changes.
  const apply = rules.getByRole('button', { name: 'Apply fit rules to all contacts' });
  await expect(apply).toBeDisabled();
  await expectAccessible(page, 'main');

  // Generating saves the model first; the rows score once the generated flow is live.
  await page.getByRole('button', { name: 'Generate flow' }).click();
  await expect(page.getByTestId('generated')).toContainText('Flow created as a draft');
  const flowId = await publishModelFlow(request, modelId);
  const entry = created.find((c) => c.modelId === modelId);
  if (entry) entry.flowId = flowId;

  await expect(apply).toBeEnabled();
  await apply.click();
  await expect(rules.getByRole('status')).toHaveText(/^Fit rules applied: \d+ of \d+ contacts changed$/);

  // A VP of a 250-seat company: both rules match (fit 70, A); the row adds 60 (engagement tier 2).
  const email = uniqueEmail('graded');
  await sendEventWithAttributes(request, event, email, { [title]: 'VP Sales', [seats]: 250 });
  const contactId = await contactIdByEmail(request, email);

  await page.goto(`/contacts/${contactId}`);
  const grade = page.getByTestId('grades').getByTestId('grade').filter({ hasText: name });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(grade.getByTestId('grade-value')).toHaveText('A2', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(grade).toHaveText(`${name}: A2 — fit 70 (${fitScore}), engagement 60 (${engagement})`);

  const ledger = page.getByTestId(`score-${fitScore}`).getByTestId('ledger-row');
  await expect(ledger).toHaveCount(2);
  for (const row of await ledger.all()) await expect(row).toHaveAttribute('data-cause', 'fit');
  await expect(ledger.filter({ hasText: `${title} contains` })).toContainText('Fit rule');
  await expect(ledger.filter({ hasText: `${title} contains` })).toContainText('+50');
  await expect(ledger.filter({ hasText: `${seats} >= 200` })).toContainText('+20');
  await expect(page.getByTestId(`score-${engagement}`).getByTestId('ledger-row')).toHaveAttribute(
    'data-cause',
    'flow',
  );

  // The list shows the grade; other graded models of the workspace may list theirs beside it.
  await page.goto('/contacts');
  const listed = page.getByTestId('contact-row').filter({ hasText: email });
  await expect(listed.getByTestId('contact-grade')).toContainText('A2');

  // Backtest an unsaved change: rule 1 at +30 would give fit 50, a B.
  await page.goto(`/scores/models/${modelId}`);
  await page.getByLabel('Fit rule 1 points').fill('30');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  const backtest = page.getByTestId('backtest-fit');
  await expect(backtest.getByTestId('backtest-fit-changed')).toHaveText(
    /^Fit: \d+ (contact’s|contacts’) fit score would change; \d+ contacts? would change grade\.$/,
  );
  await expect(
    backtest.getByTestId('backtest-grade-transitions').getByRole('row', { name: /A2 B2/ }),
  ).toBeVisible();
  const moved = backtest.getByTestId('backtest-fit-movements').getByRole('row', { name: new RegExp(email) });
  await expect(moved).toContainText('70 → 50');
  await expect(moved).toContainText('A2 → B2');
});
