import { AxeBuilder } from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { getDocument, uniqueName } from './support/api.js';
import { connect, dropStep, selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { newFlowNamed } from './support/newFlow.js';
import { activeFlow, runsOf, sendEvent, uniqueEmail } from './support/runs.js';

const panel = (page: Page) => page.getByTestId('config-panel');
const handleLabels = (page: Page, nodeId: string) =>
  page.locator(`.react-flow__node[data-id="${nodeId}"] .handle-label`);

test('an A/B test draws one handle per variant, and its shares must add up to 100%', async ({
  page,
  request,
}) => {
  await newFlowNamed(page, uniqueName('Subject test'));
  const trigger = await dropStep(page, 'trigger.event', 330, 80);
  const ab = await dropStep(page, 'control.abTest', 330, 260);
  const tag = await dropStep(page, 'action.addTag', 560, 440);
  await connect(page, trigger, 'next', ab);
  await expect(handleLabels(page, ab)).toHaveText(['A 45%', 'B 45%']);

  await selectNode(page, ab);
  await panel(page).getByRole('button', { name: '+ Add variant' }).click();
  // The new variant starts at 0%, so the shares still add up and handle C is there at once.
  await expect(panel(page).getByText('Variant C', { exact: true })).toBeVisible();
  await expect(handleLabels(page, ab)).toHaveText(['A 45%', 'B 45%', 'C 0%']);

  const share = (i: number) => panel(page).getByTestId('form-row').nth(i).getByLabel('Share (%)');
  const sumError = panel(page).locator('[data-field="variants"] > .field-error');
  await share(0).fill('30');
  await expect(sumError).toHaveText('The variants and the holdout add up to 85%; make them 100%');
  // While the shares do not add up, the handles stay as they were instead of jumping to five.
  await expect(handleLabels(page, ab)).toHaveCount(3);
  await share(1).fill('30');
  await share(2).fill('30');
  await expect(sumError).toHaveCount(0);
  await expect(handleLabels(page, ab)).toHaveText(['A 30%', 'B 30%', 'C 30%']);

  // The new handle takes a connection like the others.
  await connect(page, ab, 'C', tag);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // The goal's conversion window, in the flow's settings (nothing selected).
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  const settings = page.getByTestId('settings-panel');
  await settings.getByRole('button', { name: '+ Goal exit' }).click();
  const conversionWindow = settings.getByLabel('Conversion window (days)');
  await expect(conversionWindow).toHaveValue('');
  await expect(settings.getByText(/Empty: 30 days/)).toBeVisible();
  await conversionWindow.fill('7');

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
  const flowId = new URL(page.url()).pathname.split('/').pop() ?? '';
  const doc = await getDocument(request, flowId);
  expect(doc.edges.find((e) => e.target === tag)).toMatchObject({ source: ab, sourceHandle: 'C' });
  expect((doc.settings as { exits: unknown[] }).exits).toEqual([
    expect.objectContaining({ kind: 'goal', conversionDays: 7 }),
  ]);

  // The trigger's filters keep their own words.
  await selectNode(page, trigger);
  await expect(panel(page).getByRole('button', { name: '+ Add filter' })).toBeVisible();
});

/** signed up -> A/B test (A, B, 30% holdout) -> a tag per variant; goal: `score` >= 50. */
function testedFlow(name: string, event: string, score: string) {
  return {
    schemaVersion: 1,
    settings: {
      name,
      reentry: { mode: 'once' },
      exits: [{ kind: 'goal', id: 'x1', score, op: '>=', value: 50 }],
    },
    nodes: [
      { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      {
        id: 'ab',
        type: 'control.abTest',
        label: 'Welcome subject test',
        position: { x: 0, y: 160 },
        config: {
          variants: [
            { name: 'Price in subject', percent: 35 },
            { name: 'Question in subject', percent: 35 },
          ],
          holdout: 30,
        },
      },
      { id: 'ta', type: 'action.addTag', position: { x: -140, y: 340 }, config: { tag: `${score}-a` } },
      { id: 'tb', type: 'action.addTag', position: { x: 140, y: 340 }, config: { tag: `${score}-b` } },
    ],
    edges: [
      { id: 'e1', source: 't1', target: 'ab' },
      { id: 'e2', source: 'ab', sourceHandle: 'A', target: 'ta' },
      { id: 'e3', source: 'ab', sourceHandle: 'B', target: 'tb' },
    ],
  };
}

type Branch = 'A' | 'B' | 'holdout';

/** Which branch each contact of the flow took, read from the tag its variant added (none: held out). */
async function branchesOfContacts(
  request: APIRequestContext,
  flowId: string,
  score: string,
): Promise<Map<string, Branch>> {
  const out = new Map<string, Branch>();
  for (const run of await runsOf(request, flowId)) {
    const res = await request.get(`/api/contacts/${run.contactId}`);
    if (!res.ok()) throw new Error(`contact: ${res.status()}`);
    const { tags } = (await res.json()) as { tags: string[] };
    out.set(run.contactId, tags.includes(`${score}-a`) ? 'A' : tags.includes(`${score}-b`) ? 'B' : 'holdout');
  }
  return out;
}

const percent = (converted: number, entered: number) =>
  entered === 0 ? '—' : `${((converted / entered) * 100).toFixed(1)}%`;

test('the flow report shows each branch of an A/B test against its holdout', async ({ page, request }) => {
  const suffix = Date.now().toString(36);
  const event = `signed.up.${suffix}`;
  // A score of this test's own, so no other flow reacts to it and no other contact has it.
  const score = `ab_${suffix}`;
  const flowName = uniqueName('Welcome test');
  const flowId = await activeFlow(request, testedFlow(flowName, event, score));

  // 30 contacts: with 30% held out, a branch left empty by chance is out of the question (< 0.01%).
  const contacts = 30;
  for (let i = 0; i < contacts; i++) await sendEvent(request, event, uniqueEmail('signup'));
  await expect
    .poll(
      async () => {
        const runs = await runsOf(request, flowId);
        return runs.length === contacts && runs.every((r) => r.status === 'completed');
      },
      { timeout: 30_000, message: `${contacts} completed runs` },
    )
    .toBe(true);

  // Some contacts of each branch reach the goal, by a score change a sales person makes.
  const branchOf = await branchesOfContacts(request, flowId, score);
  const byBranch = (b: Branch) => [...branchOf].filter(([, x]) => x === b).map(([id]) => id);
  const converting: Record<Branch, string[]> = {
    A: byBranch('A').slice(0, 3),
    B: byBranch('B').slice(0, 1),
    holdout: byBranch('holdout').slice(0, 1),
  };
  for (const id of Object.values(converting).flat()) {
    const res = await request.post(`/api/contacts/${id}/scores/${score}`, {
      data: { value: 60, note: 'Booked a demo' },
    });
    if (res.status() !== 201) throw new Error(`score: ${res.status()} ${await res.text()}`);
  }
  const entered = (b: Branch) => byBranch(b).length;
  const converted = (b: Branch) => converting[b].length;
  expect(entered('A') + entered('B') + entered('holdout')).toBe(contacts);

  // The live canvas of the active flow shows each branch's entries and conversion on the test's step.
  await page.goto(`/flows/${flowId}`);
  const results = page.locator('.react-flow__node[data-id="ab"]').getByTestId('ab-results');
  for (const b of ['A', 'B', 'holdout'] as const) {
    const row = results.locator(`tr[data-branch="${b}"]`);
    await expect(row.getByTestId('ab-entered')).toHaveText(String(entered(b)));
    await expect(row.getByTestId('ab-conversion')).toHaveText(percent(converted(b), entered(b)));
  }

  // From the editor to the report.
  await page.locator('.lifecycle').getByRole('link', { name: 'Report' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}/report$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Report: ${flowName}`);
  await expect(page.getByTestId('report-goal')).toHaveText(`Goal: ${score} >= 50 within 30 days`);

  const allConverted = converted('A') + converted('B') + converted('holdout');
  const version = page.getByTestId('version-row');
  await expect(version).toHaveCount(1);
  await expect(version.locator('td').nth(0)).toHaveText(String(contacts));
  await expect(version.locator('td').nth(1)).toHaveText(String(allConverted));
  await expect(version.locator('td').nth(2)).toHaveText(percent(allConverted, contacts));

  const card = page.getByTestId('ab-test-report');
  await expect(card.getByRole('heading', { level: 2 })).toHaveText('Welcome subject test');
  const rows = card.getByTestId('branch-row');
  await expect(rows.locator('th')).toHaveText(['A: Price in subject', 'B: Question in subject', 'Holdout']);
  const holdoutRate = converted('holdout') / entered('holdout');
  for (const b of ['A', 'B', 'holdout'] as const) {
    const row = card.locator(`[data-testid="branch-row"][data-branch="${b}"]`);
    await expect(row.getByTestId('branch-entered')).toHaveText(String(entered(b)));
    await expect(row.getByTestId('branch-converted')).toHaveText(String(converted(b)));
    await expect(row.getByTestId('branch-conversion')).toHaveText(percent(converted(b), entered(b)));
    if (b !== 'holdout') {
      // The server gives the uplift to two decimals and the page shows one.
      const points = Math.round((converted(b) / entered(b) - holdoutRate) * 10_000) / 100;
      const text = Math.abs(points).toFixed(1);
      const uplift = text === '0.0' ? '0.0 pts' : `${points > 0 ? '+' : '−'}${text} pts`;
      await expect(row.getByTestId('branch-uplift')).toHaveText(uplift);
    }
  }
  // The report is usable with assistive technology: no serious or critical axe finding.
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The one published version holds every entry; choosing it shows the same branches.
  await card.getByLabel('Version').selectOption('v1');
  await expect(card.locator('[data-branch="A"]').getByTestId('branch-entered')).toHaveText(
    String(entered('A')),
  );

  // The report is also one click from the flows list.
  await page.goto('/');
  await page
    .getByTestId('flow-row')
    .filter({ hasText: flowName })
    .getByRole('link', { name: 'Report' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Report: ${flowName}`);
});

test('a report without a goal says how to measure conversion', async ({ page, request }) => {
  const flowName = uniqueName('No goal');
  const doc = testedFlow(flowName, `no.goal.${Date.now().toString(36)}`, 'unused');
  const flowId = await activeFlow(request, { ...doc, settings: { ...doc.settings, exits: [] } });
  await page.goto(`/flows/${flowId}/report`);
  await expect(page.getByTestId('report-goal')).toContainText('This flow has no goal');
  await expect(
    page.getByTestId('report-goal').getByRole('link', { name: 'flow’s settings' }),
  ).toHaveAttribute('href', `/flows/${flowId}`);
  await expect(page.getByTestId('ab-test-report').getByTestId('branch-row')).toHaveCount(3);
  await expect(page.getByText('No contact has reached this test yet.')).toBeVisible();
});
