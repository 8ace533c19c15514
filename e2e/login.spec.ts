import { uniqueName } from './support/api.js';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from './support/auth.js';
import { expect, test } from './support/fixtures.js';
import { newFlowNamed } from './support/newFlow.js';

// A browser with no session and no token: what a person sees on their first visit.
test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: {} });

test('asks for a login, then comes back and saves with the session cookie and its CSRF token', async ({
  page,
}) => {
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/login\?next=%2Fruns$/);

  await page.getByLabel('Email').fill(E2E_ADMIN_EMAIL);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong email or password');

  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/runs$/);

  // A write from the page: the editor adds x-csrf-token, without which the server refuses it.
  const name = uniqueName('Logged in');
  const created = await page.evaluate(async (flowName) => {
    const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
    const bare = await fetch('/api/flows', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: flowName }),
    });
    const withToken = await fetch('/api/flows', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ name: flowName }),
    });
    return [bare.status, withToken.status];
  }, name);
  expect(created).toEqual([403, 201]);

  // And through the editor itself: its API client sends the CSRF token on writes.
  await newFlowNamed(page, uniqueName('Editor write'));
  await page.getByLabel('Name', { exact: true }).fill(uniqueName('Editor rename'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
});
