import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';

type User = { id: string; email: string; role: string };

test('an admin adds a marketer, makes them support, creates a write key seen once, and deletes the user', async ({
  page,
  request,
}) => {
  const suffix = uniqueName('u').split(' ')[1];
  const email = `marketer-${suffix}@e2e.example.com`;
  const keyName = `Website ${suffix}`;

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);

  // A too-short password: the server's problem+json pointer lands next to the password field.
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill('short');
  await form.getByLabel('Role').selectOption('marketer');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.locator('.field-error')).toContainText(/12/);

  await form.getByLabel('Password').fill('a-long-enough-password');
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toBeVisible();
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('marketer');

  await row.getByLabel(`Role of ${email}`).selectOption('support');
  await expect
    .poll(async () => {
      const users = ((await (await request.get('/api/users')).json()) as { items: User[] }).items;
      return users.find((u) => u.email === email)?.role;
    })
    .toBe('support');
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue('support');

  // The write key is shown once: after Done, and after a reload, only its name is left.
  const keys = page.getByRole('form', { name: 'New write key' });
  await keys.getByLabel('Name').fill(keyName);
  await keys.getByRole('button', { name: 'Create write key' }).click();
  const shown = page.getByRole('status', { name: 'New write key' });
  const secret = (await shown.getByTestId('secret-value').textContent()) ?? '';
  expect(secret).toMatch(/^wk_\S{16,}$/);
  await expect(page.getByTestId('write-keys-table')).toContainText(keyName);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('write-keys-table')).toContainText(keyName);
  await expect(page.getByText(secret)).toHaveCount(0);

  // An API token carries the role chosen for it; deleting it asks first.
  const tokenName = `${keyName}-token`;
  const tokens = page.getByRole('form', { name: 'New API token' });
  await tokens.getByLabel('Name').fill(tokenName);
  await tokens.getByLabel('Role').selectOption('support');
  await tokens.getByRole('button', { name: 'Create API token' }).click();
  const tokenShown = page.getByRole('status', { name: 'New API token' });
  await expect(tokenShown.getByTestId('secret-value')).toHaveText(/^sf_\S{16,}$/);
  await tokenShown.getByRole('button', { name: 'Done' }).click();
  const tokenRow = page.getByTestId('tokens-table').getByRole('row', { name: new RegExp(tokenName) });
  await expect(tokenRow).toContainText('support');
  await tokenRow.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete API token' }).click();
  await expect(page.getByTestId('tokens-table').getByText(tokenName)).toHaveCount(0);

  await page.getByTestId(`user-row-${email}`).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete user' }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
  const after = ((await (await request.get('/api/users')).json()) as { items: User[] }).items;
  expect(after.map((u) => u.email)).not.toContain(email);

  // Leave no secret behind for other specs.
  const listed = (
    (await (await request.get('/api/write-keys')).json()) as { items: { id: string; name: string }[] }
  ).items;
  for (const k of listed.filter((k) => k.name === keyName)) await request.delete(`/api/write-keys/${k.id}`);
});
