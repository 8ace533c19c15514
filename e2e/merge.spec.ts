import type { APIRequestContext } from '@playwright/test';
import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, sendEvent, uniqueEmail } from './support/runs.js';

/** "<event> → add `delta` to SCORE", re-entering every time. */
function pointsDoc(name: string, event: string, delta: number) {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      {
        id: 'a1',
        type: 'action.adjustScore',
        position: { x: 0, y: 150 },
        config: { score: 'SCORE', delta },
      },
    ],
    edges: [{ id: 'e1', source: 't1', target: 'a1' }],
  };
}

/** The contact's id once its event has been processed and its score reached `score`. */
async function contactWithScore(request: APIRequestContext, email: string, score: number) {
  let id = '';
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/contacts?email=${encodeURIComponent(email)}`);
        const [found] = ((await res.json()) as { items: { id: string }[] }).items;
        if (!found) return undefined;
        id = found.id;
        const detail = (await (await request.get(`/api/contacts/${id}`)).json()) as {
          scores: Record<string, number>;
        };
        return detail.scores.SCORE;
      },
      { timeout: 20_000, message: `${email} at SCORE ${score}` },
    )
    .toBe(score);
  return id;
}

test('merge another contact into this one: confirm the summary, see both ledgers and the new score', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  await activeFlow(request, pointsDoc(uniqueName('Thirty'), `merge.thirty.${suffix}`, 30));
  await activeFlow(request, pointsDoc(uniqueName('Twenty-five'), `merge.twentyfive.${suffix}`, 25));
  const keep = uniqueEmail('keep');
  const other = uniqueEmail('other');
  await sendEvent(request, `merge.thirty.${suffix}`, keep);
  await sendEvent(request, `merge.twentyfive.${suffix}`, other);
  const keepId = await contactWithScore(request, keep, 30);
  const otherId = await contactWithScore(request, other, 25);

  await page.goto(`/contacts/${keepId}`);
  await expect(page.getByTestId('contact-title')).toHaveText(keep);
  const form = page.getByTestId('merge-contact');
  await form.getByLabel('Other contact’s email').fill(other);
  await form.getByRole('button', { name: 'Find' }).click();

  const dialog = page.getByRole('dialog', { name: `Merge ${other} into ${keep}?` });
  await expect(dialog.getByTestId('merge-preview')).toContainText('SCORE: 30 + 25 = 55');
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(dialog).toBeHidden();

  const expected = 55;
  await expect(form.getByTestId('merge-result')).toContainText(`Merged ${other}: SCORE ${expected}`);
  const score = page.getByTestId('score-SCORE');
  await expect(score.locator('.score-value')).toHaveText(String(expected));
  await expect(score.getByTestId('ledger-row')).toHaveCount(3);
  await expect(score.locator('[data-cause="merge"]')).toContainText('30 + 25 = 55');
  await expect(score.getByTestId('merged-from')).toHaveCount(1);

  // The removed contact's address opens the merged one.
  await page.goto(`/contacts/${otherId}`);
  await expect(page).toHaveURL(`/contacts/${keepId}`);
  await expect(page.getByTestId('contact-title')).toHaveText(keep);
});
