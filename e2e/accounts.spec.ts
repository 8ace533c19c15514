import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y.js';
import {
  accountThresholdDoc,
  addPointsDoc,
  contactIdOf,
  emailAt,
  sendContactEvent,
  tagsOf,
  uniqueCompanyDomain,
  uniqueScoreName,
  waitForAccount,
} from './support/accounts.js';
import { uniqueName } from './support/api.js';
import { selectNode } from './support/canvas.js';
import { expect, test } from './support/fixtures.js';
import { startOwnServer } from './support/ownServer.js';
import { activeFlow, runsOf, waitForRuns } from './support/runs.js';

// Every spec shares the server: each test here has a company domain, an event type and (where it
// changes a definition) a score of its own. SCORE stays below 50 for every contact, where another
// spec's flow qualifies contacts.

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');

const memberRow = (page: Page, email: string) =>
  page.getByTestId('member-row').filter({ has: page.getByRole('link', { name: email, exact: true }) });

test('a company’s contacts form one account by email domain and by company attribute; the list finds it and its page shows each contact’s part', async ({
  page,
  request,
}) => {
  const domain = uniqueCompanyDomain('acme');
  const event = `acct.visit.${Date.now().toString(36)}`;
  const flowId = await activeFlow(request, addPointsDoc(uniqueName('Account visits'), event, 'SCORE', 30));

  // Three people at the company's domain, then one at a free-mail address whose company attribute
  // names the company in another case, with spaces around it.
  const colleagues = ['ann', 'bob', 'cat'].map((p) => emailAt(domain, p));
  for (const email of colleagues) await sendContactEvent(request, event, email);
  await waitForRuns(request, flowId, 3, 'completed');
  const freeMail = emailAt('gmail.com', 'dan');
  await sendContactEvent(request, event, freeMail, { company: `  ${domain.toUpperCase()} ` });
  await waitForRuns(request, flowId, 4, 'completed');
  await waitForAccount(request, domain, 'SCORE', { contacts: 4, score: 120 });

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible();

  // A search by part of the name, any case, asks the server and keeps the search in the address.
  await page.getByLabel('Company or domain').fill(domain.slice(0, -5).toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/accounts\?q=/);
  const table = page.getByTestId('accounts-table');
  await expect(table.getByRole('columnheader', { name: 'SCORE (sum)' })).toBeVisible();
  const row = page
    .getByTestId('account-row')
    .filter({ has: page.getByRole('link', { name: exactly(domain) }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('account-contacts')).toHaveText('4');
  await expect(row.getByTestId('account-score')).toHaveText('120');
  await expectAccessible(page, 'main');

  // A search nothing matches says so, and leads back to every account.
  await page.getByLabel('Company or domain').fill(`${domain}-nobody`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('accounts-none-match')).toContainText(`${domain}-nobody`);
  await page.goBack();
  await expect(page.getByLabel('Company or domain')).toHaveValue(domain.slice(0, -5).toUpperCase());

  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${encodeURIComponent(domain).replace(/\./g, '\\.')}$`));
  await expect(page.getByTestId('account-title')).toHaveText(exactly(domain));
  await expect(page.getByTestId('account-total')).toContainText('SCORE 120');
  await expect(page.getByTestId('account-how')).toHaveText("Sum of its 4 contacts' SCORE");
  const members = page.getByTestId('member-row');
  await expect(members).toHaveCount(4);
  for (const email of [...colleagues, freeMail]) {
    const member = memberRow(page, email);
    await expect(member.getByTestId('member-value')).toHaveText('30');
    await expect(member.getByTestId('member-contribution')).toHaveText('30');
    await expect(member.getByTestId('member-share')).toHaveText('25 %');
  }
  await expectAccessible(page, 'main');

  // Each member leads to its contact.
  const freeMailId = await contactIdOf(request, freeMail);
  await memberRow(page, freeMail).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${freeMailId}$`));
});

test('a new installation has no accounts, a free-mail contact without a company makes none, and the page says how accounts come about', async ({
  browser,
}) => {
  // The empty list is only seen on an empty database: a server of this test's own.
  const own = await startOwnServer();
  try {
    await sendContactEvent(own.request, 'page.viewed', emailAt('gmail.com', 'solo'));
    await expect
      .poll(async () => ((await (await own.request.get('/api/contacts')).json()) as { total: number }).total)
      .toBe(1);
    const context = await own.signedIn(browser);
    const page = await context.newPage();
    await page.goto('/accounts');
    const empty = page.getByTestId('accounts-empty');
    await expect(empty.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
    await expect(empty).toContainText('company attribute');
    await expect(empty).toContainText('email’s domain');
    await expect(empty).toContainText('gmail.com');
    await expectAccessible(page, 'main');
    await context.close();
  } finally {
    await own.close();
  }
});

test('an account nobody belongs to answers with the server’s reason and the way back', async ({ page }) => {
  await page.goto(`/accounts/${encodeURIComponent(uniqueCompanyDomain('nobody'))}`);
  await expect(page.getByRole('heading', { name: 'This account could not be shown' })).toBeVisible();
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await page.getByRole('link', { name: 'Back to accounts' }).click();
  await expect(page).toHaveURL(/\/accounts$/);
});

test('a score set to take its highest contact on the score form scores the account by that contact', async ({
  page,
  request,
}) => {
  const score = uniqueScoreName('intent');
  const domain = uniqueCompanyDomain('globex');
  const event = `acct.intent.${Date.now().toString(36)}`;

  await page.goto('/scores');
  await page.getByRole('button', { name: 'New score' }).click();
  const form = page.getByRole('form', { name: 'New score' });
  await expect(form.getByLabel('Account score')).toHaveValue('sum');
  await form.getByLabel('Name', { exact: true }).fill(score);
  await form.getByLabel('Account score').selectOption({ label: 'highest of its contacts' });
  await form.getByRole('button', { name: 'Save score' }).click();
  await expect(page.getByTestId(`score-row-${score}`)).toBeVisible();
  await expect(page.getByTestId(`score-row-${score}`)).toContainText('the highest of its contacts');
  const saved = await request.get(`/api/scores/${score}`);
  expect(((await saved.json()) as { account: string }).account).toBe('max');
  // The form shows what was saved when the score is edited again.
  await page.getByTestId(`score-row-${score}`).getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('form', { name: `Edit ${score}` }).getByLabel('Account score')).toHaveValue(
    'max',
  );

  // 10 points an event: the hot contact gets three, the others one and two.
  const flowId = await activeFlow(request, addPointsDoc(uniqueName('Intent'), event, score, 10));
  const [hot, cold, warm] = ['hot', 'cold', 'warm'].map((p) => emailAt(domain, p));
  const sends: [string, number][] = [
    [hot as string, 3],
    [cold as string, 1],
    [warm as string, 2],
  ];
  for (const [email, times] of sends)
    for (let i = 0; i < times; i++) await sendContactEvent(request, event, email);
  await waitForRuns(request, flowId, 6, 'completed');
  await waitForAccount(request, domain, score, { contacts: 3, score: 30 });

  // The list by that score says how it adds up, and the account keeps the score on its page.
  await page.goto(`/accounts?score=${score}&q=${domain}`);
  await expect(page.getByRole('combobox', { name: 'Score', exact: true })).toHaveValue(score);
  await expect(
    page.getByTestId('accounts-table').getByRole('columnheader', { name: `${score} (highest)` }),
  ).toBeVisible();
  const row = page
    .getByTestId('account-row')
    .filter({ has: page.getByRole('link', { name: exactly(domain) }) });
  await expect(row.getByTestId('account-score')).toHaveText('30');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`\\?score=${score}$`));
  await expect(page.getByTestId('account-how')).toHaveText(`Highest of its 3 contacts' ${score}`);
  await expect(page.getByTestId('account-total')).toContainText(`${score} 30`);
  await expect(page.locator('[data-testid="member-row"] td:first-child')).toHaveText([
    hot as string,
    warm as string,
    cold as string,
  ]);
  await expect(memberRow(page, hot as string).getByTestId('member-contribution')).toHaveText('30');
  await expect(memberRow(page, hot as string).getByTestId('member-share')).toHaveText('100 %');
  await expect(memberRow(page, warm as string).getByTestId('member-value')).toHaveText('20');
  await expect(memberRow(page, warm as string).getByTestId('member-contribution')).toHaveText('0');
  await expect(memberRow(page, cold as string).getByTestId('member-share')).toHaveText('0 %');

  // The score selector switches the same account to SCORE, which these events never touched.
  await page.getByRole('combobox', { name: 'Score', exact: true }).selectOption('SCORE');
  await expect(page).toHaveURL(new RegExp(`/accounts/${domain.replace(/\./g, '\\.')}$`));
  await expect(page.getByTestId('account-how')).toHaveText("Sum of its 3 contacts' SCORE");
  await expect(page.getByTestId('member-share').first()).toHaveText('—');
  await expectAccessible(page, 'main');
});

test('"Account score reached" starts once per account, for the contact whose points made it', async ({
  page,
  request,
}) => {
  const score = uniqueScoreName('buying');
  const domain = uniqueCompanyDomain('initech');
  const event = `acct.buying.${Date.now().toString(36)}`;
  const tag = uniqueScoreName('account-ready');
  const saved = await request.put(`/api/scores/${score}`, { data: { name: score, account: 'sum' } });
  expect(saved.ok(), await saved.text()).toBe(true);
  const pointsId = await activeFlow(request, addPointsDoc(uniqueName('Buying signals'), event, score, 10));
  const readyId = await activeFlow(request, accountThresholdDoc(uniqueName('Account ready'), score, 25, tag));

  // One at a time, so the third contact's 10 points are the ones that take the account from 20 to 30.
  const [first, second, third] = ['ann', 'bob', 'cat'].map((p) => emailAt(domain, p)) as [
    string,
    string,
    string,
  ];
  let processed = 0;
  const send = async (email: string) => {
    await sendContactEvent(request, event, email);
    processed += 1;
    await waitForRuns(request, pointsId, processed, 'completed');
  };
  await send(first);
  await send(second);
  expect(await runsOf(request, readyId)).toHaveLength(0);
  await send(third);
  const [run] = await waitForRuns(request, readyId, 1, 'completed');
  const thirdId = await contactIdOf(request, third);
  expect(run?.contactId).toBe(thirdId);

  // More points for the account after it crossed start nothing more.
  await send(first);
  await send(second);
  await waitForAccount(request, domain, score, { contacts: 3, score: 50 });
  await page.waitForTimeout(1500);
  expect(await runsOf(request, readyId)).toHaveLength(1);
  expect(await tagsOf(request, thirdId)).toContain(tag);
  for (const email of [first, second]) {
    expect(await tagsOf(request, await contactIdOf(request, email))).not.toContain(tag);
  }

  // The trigger's form comes from its schema: its step shows the score and value it was published with.
  await page.goto(`/flows/${readyId}`);
  await expect(page.getByTestId('palette-trigger.accountThreshold')).toBeVisible();
  await selectNode(page, 't');
  const panel = page.getByTestId('config-panel');
  await expect(panel).toContainText('Account score reached');
  await expect(panel.getByLabel('Score', { exact: true })).toHaveValue(score);
  await expect(panel.getByLabel('Value', { exact: true })).toHaveValue('25');
});
