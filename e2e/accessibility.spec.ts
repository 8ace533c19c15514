import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { clickScoringDoc, uniqueName } from './support/api.js';
import { selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

/**
 * Every page of the editor through axe-core, with the data that makes it draw its tables, badges and
 * ledger cells: no serious or critical violation, one main landmark, the navigation, one h1, and
 * headings that never skip a level.
 */
async function checkPage(page: Page, { nav = true }: { nav?: boolean } = {}) {
  // Also the rule that a control's accessible name contains its visible text (speech users say what
  // they see); axe ships it switched off.
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  // Soft, so one run lists every page's problems.
  expect.soft(serious, `axe on ${page.url()}`).toEqual([]);

  await expect.soft(page.getByRole('main'), `main on ${page.url()}`).toHaveCount(1);
  if (nav) await expect.soft(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect.soft(page.getByRole('heading', { level: 1 }), `h1 on ${page.url()}`).toHaveCount(1);
  const levels = await page
    .locator('h1, h2, h3, h4, h5, h6')
    .evaluateAll((hs) => hs.filter((h) => h.getClientRects().length > 0).map((h) => Number(h.tagName[1])));
  const skips = levels.filter((level, i) => i > 0 && level > (levels[i - 1] as number) + 1);
  expect.soft(skips, `heading levels on ${page.url()}: ${levels.join(' ')}`).toEqual([]);
}

test.describe('accessibility', () => {
  let flowId: string;
  let runId: string;
  let contactId: string;
  let modelId: string;

  test.beforeAll(async ({ request }) => {
    // The flow listens to an event of its own: other specs' contacts click emails, and this flow must
    // not add points to their scores.
    const event = `axe.clicked.${Date.now().toString(36)}`;
    flowId = await activeFlow(request, clickScoringDoc(uniqueName('Axe flow'), event));
    const email = uniqueEmail('axe');
    await sendEvent(request, event, email, { url: 'https://example.com/pricing' });
    const runs = await waitForRuns(request, flowId, 1, 'completed');
    runId = runs[0]?.id as string;
    contactId = runs[0]?.contactId as string;
    const model = await request.post('/api/scoring-models', {
      data: {
        name: uniqueName('Axe model'),
        rows: [
          { id: 'pricing', event: 'page.viewed', stage: 'consideration', points: 40 },
          { id: 'paper', stage: 'consideration', points: 30, asset: 'White paper read' },
        ],
      },
    });
    expect(model.status()).toBe(201);
    modelId = ((await model.json()) as { id: string }).id;
  });

  test('the login page', async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    await checkPage(page, { nav: false });
    await context.close();
  });

  test('flows list', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: /Axe flow/ }).first()).toBeVisible();
    await checkPage(page);
  });

  test('the editor, with a step open and a dry run answered', async ({ page }) => {
    await page.goto(`/flows/${flowId}`);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await checkPage(page, { nav: false });
    await selectNode(page, 'a1');
    await expect(page.getByTestId('config-panel')).toBeVisible();
    await checkPage(page, { nav: false });
    const dry = page.getByTestId('dry-run');
    await dry.getByRole('button', { name: 'Try it' }).click();
    await dry.getByRole('button', { name: 'Run' }).click();
    await expect(dry.getByTestId('dry-run-effects')).toBeVisible();
    await checkPage(page, { nav: false });
  });

  test('a published version', async ({ page }) => {
    await page.goto(`/flows/${flowId}/versions/1`);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    await checkPage(page, { nav: false });
  });

  test('runs list and run detail', async ({ page }) => {
    // Filtered to this spec's flow: the specs beside it start runs of their own, enough to push this
    // run off the list's first page.
    await page.goto(`/runs?flowId=${flowId}`);
    await expect(page.getByRole('link', { name: runId.slice(0, 8) }).first()).toBeVisible();
    await checkPage(page);
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId('trigger-event')).toBeVisible();
    await checkPage(page);
  });

  test('contacts list and a contact with its ledger', async ({ page }) => {
    await page.goto('/contacts');
    await expect(page.getByTestId('contact-row').first()).toBeVisible();
    await checkPage(page);
    await page.goto(`/contacts/${contactId}`);
    await expect(page.getByTestId('ledger-row').first()).toBeVisible();
    await checkPage(page);
  });

  test('scores, scoring models and the model editor', async ({ page }) => {
    await page.goto('/scores');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await checkPage(page);
    await page.goto('/scores/models');
    await expect(page.getByRole('link', { name: /Axe model/ }).first()).toBeVisible();
    await checkPage(page);
    await page.goto(`/scores/models/${modelId}`);
    await expect(page.getByText('White paper read').first()).toBeVisible();
    await checkPage(page);
  });

  test('health, frequency caps, users and an unknown address', async ({ page }) => {
    await page.goto('/health');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await checkPage(page);
    await page.goto('/settings/frequency-caps');
    await expect(page.getByRole('form', { name: 'Rules' })).toBeVisible();
    await checkPage(page);
    await page.goto('/settings/users');
    await expect(page.getByText('admin@e2e.example.com').first()).toBeVisible();
    await checkPage(page);
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await checkPage(page);
  });
});
