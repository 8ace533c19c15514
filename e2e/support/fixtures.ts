import { test as base, expect, request as playwrightRequest } from '@playwright/test';
import { E2E_TOKEN } from './auth.js';

/**
 * The browser specs' `test`. Pages are signed in by the session cookie the global setup saved and send
 * the CSRF token the editor reads from its session, exactly as a person's browser does; no header is
 * added to page requests. Set-up calls (`request`) go through a separate API context that
 * authenticates with the bootstrap admin token, so arranging data never borrows the page's session.
 */
export const test = base.extend({
  // Fails the spec if a page request ever carries a bearer token: pages must work by cookie alone.
  page: async ({ page }, use) => {
    const withToken: string[] = [];
    page.on('request', (req) => {
      if (req.headers().authorization !== undefined) withToken.push(req.url());
    });
    await use(page);
    expect(withToken, 'page requests authenticate by session cookie only').toEqual([]);
  },
  request: async ({ baseURL }, use) => {
    const context = await playwrightRequest.newContext({
      ...(baseURL === undefined ? {} : { baseURL }),
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { authorization: `Bearer ${E2E_TOKEN}` },
    });
    await use(context);
    await context.dispose();
  },
});

export { expect };
