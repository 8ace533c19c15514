import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { clickScoringDoc } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { type OwnServer, startOwnServer } from './support/ownServer.js';
import { activeFlow, waitForRuns } from './support/runs.js';
import { brokenWords } from './support/words.js';

// The empty list is what a new installation shows, and the sort orders are only checkable when the
// list holds exactly this spec's contacts: so this spec runs on its own server with an empty database.
test.describe.configure({ mode: 'serial' });

let own: OwnServer;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  own = await startOwnServer();
  context = await own.signedIn(browser);
  page = await context.newPage();
});
test.afterAll(async () => {
  await context?.close();
  await own?.close();
});

const HOUR = 3_600_000;

async function send(
  api: APIRequestContext,
  type: string,
  contact: object,
  hoursAgo: number,
  properties = {},
) {
  const res = await api.post('/api/events', {
    data: { type, contact, properties, timestamp: Date.now() - hoursAgo * HOUR },
  });
  if (res.status() !== 202) throw new Error(`event: ${res.status()} ${await res.text()}`);
}

async function contactId(api: APIRequestContext, email: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const body = await (await api.get(`/api/contacts?email=${encodeURIComponent(email)}`)).json();
      id = body.items[0]?.engagementLevel ? body.items[0].id : undefined;
      return id;
    })
    .toBeTruthy();
  return id as string;
}

async function setScore(api: APIRequestContext, id: string, value: number) {
  const res = await api.post(`/api/contacts/${id}/scores/SCORE`, { data: { value, note: 'spec set-up' } });
  if (res.status() !== 201) throw new Error(`score: ${res.status()} ${await res.text()}`);
}

const emailColumn = () => page.getByTestId('contact-row').locator('td:first-child a');

test('an empty contacts list says how contacts arrive, with links to set it up', async () => {
  await page.goto('/contacts');
  const empty = page.getByTestId('contacts-empty');
  await expect(empty.getByRole('heading', { name: 'No contacts yet' })).toBeVisible();
  await expect(empty).toContainText('POST /api/events');
  await expect(empty).toContainText('Segment or RudderStack');
  await expect(empty).toContainText('CSV');
  await expect(empty.getByRole('link', { name: 'an API token or a write key' })).toHaveAttribute(
    'href',
    '/settings/users',
  );
  await expect(empty.getByRole('link', { name: 'API reference' })).toHaveAttribute('href', '/api/docs');
});

test('the list shows score and band, engagement and last activity, and sorts by each on the server', async () => {
  const api = own.request;
  // ann: 1 open (at risk), 3 days ago; bob: 5 clicks (highly engaged), 2 days ago; cat: a page view
  // (not engaged), an hour ago.
  await send(api, 'email.opened', { email: 'ann@example.com', attributes: { name: 'Ann Archer' } }, 72);
  for (let i = 0; i < 5; i++) await send(api, 'email.clicked', { email: 'bob@example.com' }, 49 - i / 10);
  await send(api, 'page.viewed', { email: 'cat@example.com' }, 1);
  const [ann, bob, cat] = await Promise.all(
    ['ann@example.com', 'bob@example.com', 'cat@example.com'].map((e) => contactId(api, e)),
  );
  await setScore(api, ann as string, 90);
  await setScore(api, bob as string, 30);
  await setScore(api, cat as string, 60);

  await page.goto('/contacts');
  const annRow = page.getByTestId('contact-row').filter({ hasText: 'ann@example.com' });
  await expect(annRow.getByTestId('contact-scores')).toHaveText(/SCORE\s*90\s*SQL/);
  await expect(annRow).toContainText('Ann Archer');
  await expect(annRow.getByTestId('contact-engagement')).toHaveText('at risk');
  await expect(annRow.locator('td').nth(3)).toHaveText(/\d/);
  const bobRow = page.getByTestId('contact-row').filter({ hasText: 'bob@example.com' });
  await expect(bobRow.getByTestId('contact-scores')).toHaveText(/SCORE\s*30\s*warm/);
  await expect(bobRow.getByTestId('contact-engagement')).toHaveText('highly engaged');
  await expect(page.getByTestId('contacts-range')).toHaveText('1–3 of 3');

  const header = (name: string) => page.getByRole('columnheader', { name });
  const sortBy = (name: string) => header(name).getByRole('button').click();

  await sortBy('Score and band');
  await expect(page).toHaveURL(/sort=score/);
  await expect(header('Score and band')).toHaveAttribute('aria-sort', 'descending');
  await expect(emailColumn()).toHaveText(['ann@example.com', 'cat@example.com', 'bob@example.com']);
  await sortBy('Score and band');
  await expect(header('Score and band')).toHaveAttribute('aria-sort', 'ascending');
  await expect(emailColumn()).toHaveText(['bob@example.com', 'cat@example.com', 'ann@example.com']);

  // By level, highest first: not alphabetically.
  await sortBy('Engagement');
  await expect(emailColumn()).toHaveText(['bob@example.com', 'ann@example.com', 'cat@example.com']);

  await sortBy('Last activity');
  await expect(emailColumn()).toHaveText(['cat@example.com', 'bob@example.com', 'ann@example.com']);

  await sortBy('Contact');
  await expect(header('Contact')).toHaveAttribute('aria-sort', 'ascending');
  await expect(emailColumn()).toHaveText(['ann@example.com', 'bob@example.com', 'cat@example.com']);

  // The order is the server's: a reload of the address keeps it.
  await page.reload();
  await expect(emailColumn()).toHaveText(['ann@example.com', 'bob@example.com', 'cat@example.com']);
});

test('tables wrap at spaces only and scroll sideways when the window is narrow', async () => {
  await page.setViewportSize({ width: 420, height: 900 });
  try {
    await page.goto('/contacts');
    const table = page.getByTestId('contacts-table');
    await expect(table.getByTestId('contact-row')).toHaveCount(3);
    expect(await brokenWords(table.locator('th, td'))).toEqual([]);

    await table.getByRole('link', { name: 'ann@example.com' }).click();
    const ledger = page.getByTestId('ledger');
    await expect(ledger.getByTestId('ledger-row').first()).toBeVisible();
    expect(await brokenWords(ledger.locator('th, td'))).toEqual([]);
    // Too wide for the card: it scrolls inside it rather than squeezing its words.
    const box = ledger.locator('xpath=..');
    await expect(box).toHaveCSS('overflow-x', 'auto');
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

test('payloads, step input and output read as key: value, with the raw JSON behind "Show raw"', async () => {
  const api = own.request;
  const flowId = await activeFlow(api, clickScoringDoc('Clicks score'));
  await send(api, 'email.clicked', { email: 'cat@example.com' }, 0, { url: 'https://example.com/pricing' });
  const [run] = await waitForRuns(api, flowId, 1, 'completed');

  await page.goto(`/runs/${run?.id}`);
  const payload = page.getByTestId('trigger-event').getByTestId('json-block');
  await expect(payload.locator('dt', { hasText: 'properties.url' })).toBeVisible();
  await expect(payload.locator('dd', { hasText: 'https://example.com/pricing' })).toBeVisible();
  await expect(payload.locator('pre')).toHaveCount(0);
  await expect(payload).not.toContainText('{');
  await payload.getByRole('button', { name: 'Show raw' }).click();
  await expect(payload.getByRole('button', { name: 'Show raw' })).toHaveAttribute('aria-pressed', 'true');
  await expect(payload.locator('pre')).toContainText('"url": "https://example.com/pricing"');

  // The score step's output (its effects) as rows too.
  const step = page.getByTestId('timeline-step').and(page.locator('[data-node="a1"]'));
  await step.locator('summary').click();
  const output = step.getByTestId('json-block').filter({ hasText: 'Output' });
  await expect(output.locator('dt').first()).toBeVisible();
  await expect(output.locator('pre')).toHaveCount(0);
  await output.getByRole('button', { name: 'Show raw' }).click();
  await expect(output.locator('pre')).toContainText('{');

  // The contact page's events show their payloads the same way.
  await page.goto(`/contacts/${run?.contactId}`);
  const event = page.getByTestId('events').locator('li').filter({ hasText: 'email.clicked' });
  await event.locator('summary').click();
  const block = event.getByTestId('json-block');
  await expect(block.locator('dd', { hasText: 'https://example.com/pricing' })).toBeVisible();
  await expect(block.locator('pre')).toHaveCount(0);
  await block.getByRole('button', { name: 'Show raw' }).click();
  await expect(block.locator('pre')).toContainText('"url"');
});
