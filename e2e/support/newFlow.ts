import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

/** Creates a flow from the flows page the way a marketer does: New flow, its name, Enter. */
export async function newFlowNamed(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'New flow' }).click();
  const dialog = page.getByRole('dialog', { name: 'New flow' });
  await dialog.getByLabel('Flow name').fill(name);
  await dialog.getByLabel('Flow name').press('Enter');
  await expect(page).toHaveURL(/\/flows\/[^/]+$/);
  await expect(page.locator('.flow-title')).toHaveText(name);
}

/** Publishes the open draft through the confirmation dialog and waits for the new version. */
export async function publishDraft(page: Page, version: number): Promise<void> {
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page
    .getByRole('dialog', { name: `Publish version ${version}?` })
    .getByRole('button', { name: `Publish version ${version}` })
    .click();
  await expect(page.getByRole('status').filter({ hasText: `Published version ${version}` })).toBeVisible();
}
