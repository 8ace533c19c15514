import type { Page } from '@playwright/test';
import { clickScoringDoc, createFlow, uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';

/** Records every Content-Security-Policy violation the page reports. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  // Chrome reports some refusals (inline styles applied by script) only on the console.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // No exemption: the editor sets zod to jitless, so not even zod's `Function` probe runs.
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return violations;
}

test('the editor works under the Content-Security-Policy, which forbids inline scripts', async ({
  page,
  request,
}) => {
  const violations = await watchViolations(page);
  const id = await createFlow(request, clickScoringDoc(uniqueName('CSP')));

  const res = await page.goto(`/flows/${id}`);
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).toContain("frame-ancestors 'none'");
  // React Flow draws nodes and edges with inline styles: both must be on the canvas.
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  for (const path of ['/', '/runs', '/api/docs']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
});
