import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD } from './support/auth.js';
import { expect, test } from './support/fixtures.js';

// A session of this spec's own: signing out the shared one would log out the specs running beside it.
test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: {} });

test('the navigation shows who is signed in, and Sign out ends the session', async ({ page }) => {
  await page.goto('/login');
  // Nobody is signed in on the login page: no navigation, no Sign out.
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await page.getByLabel('Email').fill(E2E_ADMIN_EMAIL);
  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/$/);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toContainText(E2E_ADMIN_EMAIL);
  await nav.getByRole('link', { name: 'Runs' }).click();
  await expect(page).toHaveURL(/\/runs$/);

  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  // The session is over on the server, not only forgotten by the page: the runs ask for a login again.
  await page.goto('/runs');
  await expect(page).toHaveURL(/\/login\?next=%2Fruns$/);
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});
