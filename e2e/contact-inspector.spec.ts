import { uniqueName } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { activeFlow, putTemplate, sendEvent, uniqueEmail, waitForRuns } from './support/runs.js';

const XSS = '<img src=x onerror=alert(1)>';

/**
 * "link clicked -> +60 SCORE -> SCORE > 50? yes: note attribute, send email / no: tag cold". The event
 * type is unique to the test so other specs' active flows never add their points to this contact.
 */
function qualifyDoc(name: string, template: string, event: string) {
  const node = (id: string, type: string, y: number, config: object, x = 0) => ({
    id,
    type,
    position: { x, y },
    config,
  });
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      node('t1', 'trigger.event', 0, { event }),
      node('a1', 'action.adjustScore', 150, { score: 'SCORE', delta: 60 }),
      node('c1', 'condition.score', 300, { score: 'SCORE', op: '>', value: 50 }),
      node('s1', 'action.setAttribute', 450, { attribute: 'note', value: XSS }, -150),
      node('m1', 'action.sendEmail', 600, { template }, -150),
      node('g1', 'action.addTag', 450, { tag: 'cold' }, 150),
    ],
    edges: [
      { id: 'e1', source: 't1', target: 'a1' },
      { id: 'e2', source: 'a1', target: 'c1' },
      { id: 'e3', source: 'c1', sourceHandle: 'yes', target: 's1' },
      { id: 'e4', source: 's1', target: 'm1' },
      { id: 'e5', source: 'c1', sourceHandle: 'no', target: 'g1' },
    ],
  };
}

/**
 * The support path: find a contact by email, see why SCORE is 60 in the ledger, open the run
 * that sent the email from the outbox, and see the path it took highlighted on the version's graph.
 * User-supplied values with markup (an event property, an attribute) are shown as text throughout.
 */
test('contact by email -> ledger row -> the run that sent the email, with its path highlighted', async ({
  page,
  request,
}) => {
  const template = uniqueName('talk-to-sales').replace(/\s/g, '-');
  await putTemplate(request, template);
  const name = uniqueName('Qualify');
  const event = `link.clicked.${Date.now().toString(36)}`;
  const flowId = await activeFlow(request, qualifyDoc(name, template, event));
  const email = uniqueEmail('lead');
  await sendEvent(request, event, email, { link: XSS });
  const [run] = await waitForRuns(request, flowId, 1, 'completed');
  if (!run) throw new Error('no run');

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto('/contacts');
  await page.getByLabel('Email or contact id').fill(email);
  await page.getByRole('button', { name: 'Find contact' }).click();
  await expect(page.getByTestId('contact-title')).toHaveText(email);

  // Why is SCORE 60? One flow change of +60, by the flow's Adjust score step (version 1), in this run.
  const score = page.getByTestId('score-SCORE');
  await expect(score.locator('.score-value')).toHaveText('60');
  const row = score.getByTestId('ledger-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-cause', 'flow');
  await expect(row.locator('td').nth(1)).toHaveText('+60');
  await expect(row.locator('td').nth(2)).toHaveText('60');
  await expect(row).toContainText(`${name} v1`);
  await expect(row).toContainText('step Adjust score');
  await expect(row.getByRole('link', { name: /^run / })).toHaveAttribute('href', `/runs/${run.id}`);

  // Markup in an attribute value is text, not an element.
  const attributes = page.getByTestId('attributes');
  await expect(attributes).toContainText(XSS);
  await expect(attributes.locator('img')).toHaveCount(0);

  // The email is delivered after the run's transaction; refresh until the outbox says so.
  const emailRow = page.getByTestId('outbox-row').filter({ hasText: template });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(emailRow.getByTestId('status')).toHaveText('delivered', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // Open the run that sent it.
  await emailRow.getByRole('link').click();
  await expect(page).toHaveURL(`/runs/${run.id}`);
  await expect(page.locator('h1').getByTestId('status')).toHaveText('completed');
  const graph = page.getByTestId('run-graph');
  for (const id of ['t1', 'a1', 'c1', 's1', 'm1']) {
    await expect(graph.locator(`.react-flow__node[data-id="${id}"] .step`)).toHaveClass(/on-path/);
  }
  await expect(graph.locator('.react-flow__node[data-id="g1"] .step')).not.toHaveClass(/on-path/);
  await expect(graph.locator('.react-flow__edge.edge-on-path')).toHaveCount(4);
  await expect(graph.locator('.react-flow__edge.edge-off-path')).toHaveCount(1);
  await expect(graph.locator('.react-flow__edge.edge-off-path.edge-no')).toHaveCount(1);

  // The timeline has the email step; the trigger event shows the property with markup as text.
  await expect(page.locator('[data-testid="timeline-step"][data-node="m1"]')).toContainText('succeeded');
  // A step's input names the trigger that started the run, not its node id.
  const points = page.locator('[data-testid="timeline-step"][data-node="a1"]');
  await points.locator('summary').click();
  const input = points.getByTestId('json-block').first();
  await expect(input.locator('dt')).toHaveText(['trigger', 'eventId']);
  await expect(input.locator('dd').first()).toHaveText('Event');
  const trigger = page.getByTestId('trigger-event');
  await expect(trigger).toContainText(event);
  await expect(trigger).toContainText(XSS);
  await expect(trigger.locator('img')).toHaveCount(0);
  await expect(page.getByTestId('outbox')).toContainText('delivered');
  expect(dialogs).toEqual([]);
});
