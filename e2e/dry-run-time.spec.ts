import { AxeBuilder } from '@axe-core/playwright';
import { createFlow, uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { runsOf, uniqueEmail } from './support/runs.js';

/**
 * signed up -> +10 -> wait 3 days -> +5 -> wait for a click up to 7 days -> timeout: -5, on a score
 * of the spec's own that loses 10 % a week without a click (the e2e server is shared by specs that
 * run side by side, so the default score's definition stays as it is).
 */
function nurtureDoc(name: string, score: string, event: string) {
  const adjust = (id: string, y: number, delta: number) => ({
    id,
    type: 'action.adjustScore',
    position: { x: 0, y },
    config: { score, delta },
  });
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      adjust('a', 160, 10),
      { id: 'w', type: 'control.wait', position: { x: 0, y: 320 }, config: { seconds: 3 * 86_400 } },
      adjust('b', 480, 5),
      {
        id: 'e',
        type: 'control.waitForEvent',
        position: { x: 0, y: 640 },
        config: { event: 'email.clicked', timeoutSeconds: 7 * 86_400 },
      },
      adjust('c', 800, -5),
    ],
    edges: [
      { id: 'e1', source: 't', target: 'a' },
      { id: 'e2', source: 'a', target: 'w' },
      { id: 'e3', source: 'w', target: 'b' },
      { id: 'e4', source: 'b', target: 'e' },
      { id: 'e5', source: 'e', sourceHandle: 'timeout', target: 'c' },
    ],
  };
}

test('a dry run through time fast-forwards the waits and the decay, day by day, and stores nothing', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36).toUpperCase();
  const score = `NURTURE_${suffix}`;
  const event = `nurture.signed.up.${suffix.toLowerCase()}`;
  const saved = await request.put(`/api/scores/${score}`, {
    data: {
      description: 'Nurture interest',
      bands: null,
      decay: { kind: 'percent', percent: 10, periodDays: 7, events: ['email.clicked'] },
    },
  });
  expect(saved.ok()).toBe(true);
  try {
    const id = await createFlow(request, nurtureDoc(uniqueName('Nurture over time'), score, event));
    await page.goto(`/flows/${id}`);
    const dry = page.getByTestId('dry-run');
    await dry.getByRole('button', { name: 'Try it' }).click();
    await dry.getByLabel('Through time').check();
    await expect(dry.getByLabel('Days')).toHaveValue('30');
    // No zone in the flow's settings: the start is on UTC's clock, and says so.
    const start = dry.getByLabel('Start (UTC)');
    await expect(start).not.toHaveValue('');
    // A fixed start (a Monday) so the dates below are known.
    await start.fill('2026-03-02T09:00');
    await dry.getByLabel('Scores (one per line)').fill(`${score} = 0`);
    await dry.getByRole('button', { name: 'Run', exact: true }).click();

    const result = dry.getByTestId('dry-run-time-result');
    await expect(result.getByTestId('dry-run-time-status')).toHaveText('Completed');
    await expect(result).toContainText('nothing was stored or sent');
    const table = result.getByRole('table', { name: 'Day by day' });
    await expect(table.getByRole('columnheader')).toHaveText(['Day', 'Date', score]);
    // Day, then the score at the end of it: +10 on entry, +5 after 3 days, 10 % off at day 7, the
    // click that never comes times out at day 10 (-5), then 10 % off every week; day 30 is the last.
    await expect(table.locator('tbody th')).toHaveText(['0', '3', '7', '10', '14', '21', '28', '30']);
    await expect(table.locator('tbody tr').nth(3).locator('td').first()).toHaveText('Thu 2026-03-12');
    await expect(table.locator('tbody td:nth-child(3)')).toHaveText([
      '10',
      '15',
      '13.5',
      '8.5',
      '7.65',
      '6.89',
      '6.2',
      '6.2',
    ]);

    // The timeline names the steps and the decay, not ids.
    const timeline = result.getByTestId('dry-run-timeline');
    await expect(timeline).toContainText('Wait 3 days');
    await expect(timeline.getByRole('listitem').filter({ hasText: 'timed out' })).toHaveText(
      'Thu 2026-03-12 09:00 Wait for event: Wait for email.clicked (up to 7 days): timed out',
    );
    await expect(timeline).toContainText(`${score} 15 → 13.5: -10% for inactivity period 1`);
    await expect(timeline).not.toContainText('control.');

    // The path is highlighted on the canvas like a step-by-step dry run's.
    await expect(page.locator('.step.on-path')).toHaveCount(6);

    // The table and the timeline read well to assistive technology too.
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="dry-run"]').analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );

    // Nothing ran for real.
    expect(await runsOf(request, id)).toEqual([]);
  } finally {
    await request.delete(`/api/scores/${score}`);
  }
});

test('a dry run through time without the score definitions runs without decay, and says so', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36);
  const event = `nurture.no.defs.${suffix}`;
  const id = await createFlow(request, nurtureDoc(uniqueName('Nurture without definitions'), 'SCORE', event));
  await page.route('**/api/scores', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ status: 503, body: '{}' }) : route.continue(),
  );
  await page.goto(`/flows/${id}`);
  const dry = page.getByTestId('dry-run');
  await dry.getByRole('button', { name: 'Try it' }).click();
  await dry.getByLabel('Through time').check();
  await dry.getByRole('button', { name: 'Run', exact: true }).click();

  const result = dry.getByTestId('dry-run-time-result');
  await expect(result.getByRole('status')).toHaveText(
    'The score definitions could not be loaded: no decay, bands or bounds were applied.',
  );
  const table = result.getByRole('table', { name: 'Day by day' });
  // Without the default score's bands there is no band column either.
  await expect(table.getByRole('columnheader')).toHaveText(['Day', 'Date', 'SCORE']);
  await expect(table.locator('tbody th')).toHaveText(['0', '3', '10', '30']);
  await expect(table.locator('tbody td:nth-child(3)')).toHaveText(['10', '15', '10', '10']);
});

test('a dry run through time shows the grade of each day, and a grade condition takes it', async ({
  page,
  request,
}) => {
  const suffix = Date.now().toString(36).toUpperCase();
  const [engagement, fit, modelName] = [`ENG_${suffix}`, `FIT_${suffix}`, uniqueName('Graded')];
  const created = await request.post('/api/scoring-models', {
    data: {
      name: modelName,
      score: engagement,
      fitScore: fit,
      grading: { fit: { A: 60, B: 40, C: 20 }, engagement: { '1': 81, '2': 50, '3': 20 } },
    },
  });
  expect(created.status()).toBe(201);
  const modelId = ((await created.json()) as { id: string }).id;
  try {
    const doc = {
      schemaVersion: 1,
      settings: { name: uniqueName('Grade over time'), reentry: { mode: 'always' }, exits: [] },
      nodes: [
        { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: `graded.${suffix}` } },
        { id: 'w', type: 'control.wait', position: { x: 0, y: 160 }, config: { seconds: 2 * 86_400 } },
        {
          id: 'a',
          type: 'action.adjustScore',
          position: { x: 0, y: 320 },
          config: { score: engagement, delta: 60 },
        },
        {
          id: 'c',
          type: 'condition.grade',
          position: { x: 0, y: 480 },
          config: { model: modelName, fit: ['A', 'B'], engagement: ['1', '2'] },
        },
        {
          id: 'y',
          type: 'action.addTag',
          label: 'Tag for sales',
          position: { x: 0, y: 640 },
          config: { tag: 'sales' },
        },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'w' },
        { id: 'e2', source: 'w', target: 'a' },
        { id: 'e3', source: 'a', target: 'c' },
        { id: 'e4', source: 'c', sourceHandle: 'yes', target: 'y' },
      ],
    };
    const id = await createFlow(request, doc);
    await page.goto(`/flows/${id}`);
    const dry = page.getByTestId('dry-run');
    await dry.getByRole('button', { name: 'Try it' }).click();
    await dry.getByLabel('Through time').check();
    await dry.getByLabel('Days').fill('4');
    await dry.getByLabel('Scores (one per line)').fill(`${fit} = 45`);
    await dry.getByRole('button', { name: 'Run', exact: true }).click();

    const result = dry.getByTestId('dry-run-time-result');
    await expect(result.getByTestId('dry-run-time-status')).toHaveText('Completed');
    const table = result.getByRole('table', { name: 'Day by day' });
    await expect(table.getByRole('columnheader')).toHaveText([
      'Day',
      'Date',
      fit,
      engagement,
      `${modelName} grade`,
    ]);
    // Fit 45 is B; the wait's +60 takes engagement to 60, tier 2: B4 until day 2, then B2.
    await expect(table.locator('tbody th')).toHaveText(['0', '2', '4']);
    await expect(table.locator('tbody td:nth-child(5)')).toHaveText(['B4', 'B2', 'B2']);
    // The grade condition saw B2 and took yes.
    await expect(result.getByTestId('dry-run-timeline')).toContainText('Tag for sales');
  } finally {
    await request.delete(`/api/scoring-models/${modelId}`);
  }
});

test('the dry run copies a real contact as its test contact, and nothing runs for real', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('dry-copy');
  const accepted = await request.post('/api/events', {
    data: { type: 'dry.copy.seen', contact: { email, attributes: { plan: 'pro', seats: 12 } } },
  });
  expect(accepted.status()).toBe(202);
  await expect
    .poll(
      async () =>
        (await (await request.get(`/api/contacts?email=${encodeURIComponent(email)}`)).json()).total,
    )
    .toBe(1);
  const id = await createFlow(request, nurtureDoc(uniqueName('Copy a contact'), 'SCORE', 'dry.copy.start'));
  await page.goto(`/flows/${id}`);
  const dry = page.getByTestId('dry-run');
  await dry.getByRole('button', { name: 'Try it' }).click();
  const copyField = dry.getByLabel('Copy a real contact (email)');
  await copyField.fill('nobody-here@example.com');
  await dry.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dry.getByRole('alert')).toHaveText('No contact has the email nobody-here@example.com.');

  await copyField.fill(email);
  await dry.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dry.getByRole('status').first()).toContainText(`Copied ${email}`);
  await expect(dry.getByLabel('Attributes (one per line: plan = pro)')).toHaveValue('plan = pro\nseats = 12');
  // A new contact is in the band its score starts in.
  await expect(dry.getByLabel('Lists (comma separated)')).toHaveValue(/SCORE: new/);
  await dry.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(dry.getByTestId('dry-run-result')).toContainText('Waiting');
  expect(await runsOf(request, id)).toEqual([]);
});
