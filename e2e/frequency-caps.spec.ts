import type { APIRequestContext } from '@playwright/test';
import { uniqueName } from './support/api.js';
import { selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, putTemplate, runsOf, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

type Caps = { rules: { max: number; windowHours: number; category?: string }[] };

/** "`event` -> Send email `template` of `category`", the step named `label`. */
function emailDoc(
  name: string,
  event: string,
  label: string,
  config: { template: string; category: string; whenCapped?: 'skip' },
) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      { id: 'm', type: 'action.sendEmail', label, position: { x: 0, y: 160 }, config },
    ],
    edges: [{ id: 'e', source: 't', target: 'm' }],
  };
}

const getCaps = async (request: APIRequestContext): Promise<Caps> =>
  (await (await request.get('/api/settings/frequency-caps')).json()) as Caps;

// The caps are the workspace's: this spec puts back whatever it found, for the specs after it.
let before: Caps | undefined;
test.beforeAll(async ({ request }) => {
  before = await getCaps(request);
});
test.afterAll(async ({ request }) => {
  if (before) await request.put('/api/settings/frequency-caps', { data: before });
});

test('frequency caps set on the settings page hold emails back, and the contact, the run and the canvas say so', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  // A category of this spec's own: the cap limits only its emails, never another spec's contacts'.
  const category = `promo-${suffix}`;

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Frequency caps' }).click();
  await expect(page).toHaveURL(/\/settings\/frequency-caps$/);
  await expect(page.getByTestId('caps-intro')).toContainText('across every flow');

  const form = page.getByRole('form', { name: 'Rules' });
  const rules = form.getByTestId('cap-rule');
  const existing = await rules.count();
  await form.getByRole('button', { name: '+ Add rule' }).click();
  await expect(rules).toHaveCount(existing + 1);
  const rule = rules.last();
  await expect(rule.getByRole('group', { name: `Rule ${existing + 1}` })).toBeVisible();
  await rule.getByLabel('At most').fill('0');
  await rule.getByLabel('per').fill('24');
  await expect(rule.locator('[data-field="windowHours"] .hint')).toHaveText('24 hours = 1 day');
  await rule.getByLabel('for emails of category').fill(category);

  // Zero emails is no cap: the server's answer points at the field, and the page shows it there.
  await form.getByRole('button', { name: 'Save' }).click();
  const maxError = rule.locator('[data-field="max"] .field-error');
  await expect(maxError).toBeVisible();
  await expect(maxError).toHaveText('At least 1 email');
  await expect(rule.getByLabel('At most')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('caps-error')).toHaveText('Not saved: fix the marked fields.');
  expect((await getCaps(request)).rules.some((r) => r.category === category)).toBe(false);

  await rule.getByLabel('At most').fill('1');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
  await expect(maxError).toHaveCount(0);
  expect((await getCaps(request)).rules).toContainEqual({ max: 1, windowHours: 24, category });
  // What was saved is what the page shows after a reload.
  await page.reload();
  await expect(rules.last().getByLabel('for emails of category')).toHaveValue(category);
  await expect(rules.last().getByLabel('At most')).toHaveValue('1');

  // Two flows send emails of that category: "Welcome" postpones a capped one, "Promo" skips it.
  const welcomeTemplate = `welcome-${suffix}`;
  const promoTemplate = `promo-offer-${suffix}`;
  await putTemplate(request, welcomeTemplate);
  await putTemplate(request, promoTemplate);
  const welcomeEvent = `fc.signed.up.${suffix}`;
  const promoEvent = `fc.cart.left.${suffix}`;
  const welcomeName = uniqueName('Welcome');
  const promoName = uniqueName('Promo');
  const welcomeId = await activeFlow(
    request,
    emailDoc(welcomeName, welcomeEvent, 'Welcome email', { template: welcomeTemplate, category }),
  );
  const promoId = await activeFlow(
    request,
    emailDoc(promoName, promoEvent, 'Promo email', { template: promoTemplate, category, whenCapped: 'skip' }),
  );

  // One after the other, so which email the cap lets through is known: the first welcome goes out,
  // the promo is skipped, the second welcome waits for the window.
  const email = uniqueEmail('capped');
  await sendEvent(request, welcomeEvent, email);
  const [welcomed] = await waitForRuns(request, welcomeId, 1, 'completed');
  await sendEvent(request, promoEvent, email);
  const [promo] = await waitForRuns(request, promoId, 1, 'completed');
  await sendEvent(request, welcomeEvent, email);
  await expect
    .poll(async () => (await runsOf(request, welcomeId)).filter((r) => r.status === 'waiting').length, {
      message: 'the second welcome run waits at its capped email',
    })
    .toBe(1);
  if (!welcomed || !promo) throw new Error('no runs');
  const reason = `1 ${category} email in the last 24 hours (cap: 1 per 24 hours)`;

  // The contact lists both held-back sends, newest first, by flow and step name, with the reason.
  await page.goto(`/contacts/${promo.contactId}`);
  const held = page.getByTestId('held-back-row');
  await expect(held).toHaveCount(2);
  await expect(held.nth(0)).toHaveAttribute('data-action', 'postponed');
  await expect(held.nth(0)).toContainText(`${welcomeName} v1`);
  await expect(held.nth(0)).toContainText('Welcome email');
  await expect(held.nth(0)).toContainText(welcomeTemplate);
  await expect(held.nth(0).getByTestId('held-back-outcome')).toHaveText(/^Postponed until \S/);
  await expect(held.nth(0).getByTestId('held-back-reason')).toHaveText(reason);
  await expect(held.nth(1)).toHaveAttribute('data-action', 'skipped');
  await expect(held.nth(1)).toContainText(`${promoName} v1`);
  await expect(held.nth(1)).toContainText('Promo email');
  await expect(held.nth(1).getByTestId('held-back-outcome')).toHaveText('Skipped');
  await expect(held.nth(1).getByTestId('held-back-reason')).toHaveText(reason);

  // From the contact to the skipped run: its step says which cap skipped the email.
  await held.nth(1).getByRole('link', { name: 'Open run' }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${promo.id}$`));
  await expect(page.getByTestId('step-capped')).toHaveText(
    `Held back by a frequency cap: ${reason} — skipped`,
  );

  // The canvas of the active promo flow counts the held-back send on its step, skipped or postponed.
  await page.goto(`/flows/${promoId}`);
  const promoBadge = page
    .locator('.react-flow__node[data-id="m"]')
    .getByTestId('node-badge')
    .filter({ hasText: 'held back' });
  await expect(promoBadge).toHaveText('1 held back');
  await expect(promoBadge).toHaveAttribute(
    'title',
    '1 skipped, 0 postponed by frequency caps in the last 30 days',
  );
  await selectNode(page, 'm');
  const whenCapped = page.getByTestId('config-panel').getByLabel('When a frequency cap holds it back');
  await expect(whenCapped.locator('option:checked')).toHaveText('Skip it; the flow goes on');

  // The welcome step has a contact waiting and a send held back: both badges show.
  await page.goto(`/flows/${welcomeId}`);
  await expect(page.locator('.react-flow__node[data-id="m"]').getByTestId('node-badge')).toHaveText([
    '1 waiting',
    '1 held back',
  ]);
  await selectNode(page, 'm');
  // Left unset, the step postpones, and the form says so rather than asking to choose.
  await expect(whenCapped.locator('option:checked')).toHaveText('Send it once the cap allows');
});

test('support reads the frequency caps but cannot change them', async ({ browser, request }) => {
  const email = `support-${Date.now().toString(36)}@e2e.example.com`;
  const password = 'support-password-long-enough';
  const created = await request.post('/api/users', { data: { email, password, role: 'support' } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  // A rule to read, whatever the caps were (afterAll puts them back).
  const category = `newsletter-${Date.now().toString(36)}`;
  const current = await getCaps(request);
  const put = await request.put('/api/settings/frequency-caps', {
    data: { rules: [...current.rules, { max: 2, windowHours: 168, category }] },
  });
  expect(put.ok()).toBe(true);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const login = await context.request.post('/api/auth/login', { data: { email, password } });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    await page.goto('/settings/frequency-caps');
    await expect(page.getByRole('note')).toHaveText(
      'You can read the caps; an admin or a marketer changes them.',
    );
    const form = page.getByRole('form', { name: 'Rules' });
    await expect(form).toBeVisible();
    await expect(form.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await expect(form.getByRole('button', { name: '+ Add rule' })).toHaveCount(0);
    const rule = form.getByTestId('cap-rule').last();
    await expect(rule.getByLabel('for emails of category')).toHaveValue(category);
    await expect(rule.getByLabel('At most')).toHaveValue('2');
    await expect(rule.locator('[data-field="windowHours"] .hint')).toHaveText('168 hours = 1 week');
    for (const input of await form.locator('input').all()) await expect(input).toBeDisabled();
    await expect(rule.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  } finally {
    await context.close();
    await request.delete(`/api/users/${id}`);
  }
});
