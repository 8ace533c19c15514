import { AxeBuilder } from '@axe-core/playwright';
import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';

test('the health page shows events coming in and being processed, and passes axe', async ({
  page,
  request,
}) => {
  const suffix = uniqueName('h').split(' ')[1];
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health' }).click();
  await expect(page).toHaveURL(/\/health$/);
  await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
  const received = page.getByTestId('events-received');
  await expect(received).toHaveText(/^\d+$/);
  const before = Number(await received.textContent());

  const events = Array.from({ length: 3 }, (_, i) => ({
    id: `health-${suffix}-${i}`,
    type: 'page.viewed',
    contact: { email: `health-${suffix}-${i}@e2e.example.com` },
  }));
  const res = await request.post('/api/events/batch', { data: { events } });
  expect(res.status()).toBe(202);

  // The page polls by itself; Refresh only makes the test quicker than the ten-second poll.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return Number(await received.textContent());
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(before + 3);
  await expect
    .poll(async () => Number(await page.getByTestId('events-processed').textContent()))
    .toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('events-pending')).toHaveText('0', { timeout: 20_000 });
  await expect(page.getByTestId('queues-table')).toContainText('events');
  await expect(page.getByTestId('dependency-sqlite')).toHaveText('OK');
  await expect(page.getByTestId('dependency-redis')).toHaveText('OK');
  await expect(page.getByRole('img', { name: /Events per minute over the last hour/ })).toBeVisible();

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
