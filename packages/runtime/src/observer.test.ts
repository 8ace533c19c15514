import { flow, node } from '@scoreflow/flow/testing';
import { afterEach, expect, it } from 'vitest';
import type { Log } from './log.js';
import type { RuntimeObserver } from './observer.js';
import { activateFlow, createTestRuntime, flows, type TestRuntime } from './testing/harness.js';

/** An observer that writes down every call, in order. */
function recorder() {
  const calls: { method: keyof RuntimeObserver; args: unknown[] }[] = [];
  const observer = {} as RuntimeObserver;
  for (const method of [
    'eventProcessed',
    'runsChanged',
    'delivery',
    'reconciled',
    'maintenance',
    'transaction',
  ] as const) {
    observer[method] = ((...args: unknown[]) => calls.push({ method, args })) as never;
  }
  const of = (method: keyof RuntimeObserver) => calls.filter((c) => c.method === method).map((c) => c.args);
  return { observer, calls, of };
}

let t: TestRuntime;
afterEach(async () => {
  await t.close();
});

it('the observer hears of processed events, runs, deliveries, the reconciler, maintenance and transactions', async () => {
  const rec = recorder();
  // Private targets are refused by default: the webhook fails for good on its first attempt; so does
  // the sales notice, with no SMTP server to send it.
  t = await createTestRuntime({ observer: rec.observer, retentionDays: 30 });
  const flowId = await activateFlow(
    t.store,
    flow(
      [
        node('t', 'trigger.event', { event: 'demo.requested' }),
        node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
        node('n', 'action.notifySales', { to: 'sales@example.com', message: 'Hot lead' }),
        node('h', 'action.webhook', { url: 'http://127.0.0.1:9/hook' }),
      ],
      ['t>a', 'a>n', 'n>h'],
      { name: 'Hot lead' },
    ),
  );
  // Received before the workers start, processed 1.5 s later by the runtime's clock.
  await t.ingest([{ type: 'demo.requested', contact: { email: 'kim@example.com' } }]);
  t.clock.advance(1_500);
  await t.runtime.start();
  expect(rec.of('reconciled')).toEqual([
    [{ events: 1, failedEvents: 0, waits: 0, deliveries: 0, full: true }],
  ]);
  await t.until(() => rec.of('delivery').length === 2, 'both deliveries');

  expect(rec.of('eventProcessed')).toEqual([['processed', 1_500]]);
  expect(rec.of('runsChanged')).toEqual([
    [flowId, 'started', 1],
    [flowId, 'completed', 1],
  ]);
  // Without SMTP the sales notice fails for good, as the refused webhook does.
  expect(rec.of('delivery')).toEqual(
    expect.arrayContaining([
      ['notifySales', 'failed'],
      ['webhook', 'failed'],
    ]),
  );
  expect(rec.of('transaction')).toEqual([['events', expect.any(Number)]]);

  await t.runtime.sweep();
  await t.runtime.retention();
  const tasks = rec.of('maintenance').map(([task]) => task);
  expect(tasks).toEqual(['reconcile', 'exits', 'decay', 'engagement', 'retention']);
  for (const [, duration] of rec.of('maintenance')) expect(duration).toBeGreaterThanOrEqual(0);
});

/** A pino-like logger that keeps its lines, child bindings merged in. */
function recordingLog(lines: Record<string, unknown>[], bindings: object = {}): Log {
  const line = (level: string) => (obj: object, msg?: string) =>
    lines.push({ level, ...bindings, ...obj, msg });
  return {
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more) => recordingLog(lines, { ...bindings, ...more }),
  };
}

it("the log lines of one event's processing name the event, the contact and the runs it touched", async () => {
  const lines: Record<string, unknown>[] = [];
  t = await createTestRuntime({ logger: recordingLog(lines) });
  await t.runtime.start();
  // A flow that starts itself forever: the depth limit ends it with a warning.
  await activateFlow(t.store, flows.tagLoop('ping'));
  await activateFlow(
    t.store,
    flows.chain('start', ['trigger.event', { event: 'go' }], ['action.addTag', { tag: 'ping' }]),
  );
  const [result] = await t.send({ type: 'go', contact: { email: 'sam@example.com' } });
  const contactId = (await t.store.contacts.findByEmail('sam@example.com'))?.id;
  const runIds = (await t.store.runs.list({ contactId: contactId ?? '', limit: 100 })).map((r) => r.id);
  const warning = lines.find((l) => String(l.msg).includes('depth limit'));
  expect(warning).toMatchObject({ level: 'warn', eventId: result?.id, contactId });
  expect([...((warning?.runIds as string[]) ?? [])].sort()).toEqual([...runIds].sort());
});

it('the log lines of a delivery name its outbox row, whether it went out or failed', async () => {
  const lines: Record<string, unknown>[] = [];
  t = await createTestRuntime({ logger: recordingLog(lines), deliveryAttempts: 1 });
  await t.runtime.start();
  await activateFlow(
    t.store,
    flows.chain(
      'alert',
      ['trigger.event', { event: 'go' }],
      // Loopback: refused by the address check, a permanent failure.
      ['action.webhook', { url: 'http://127.0.0.1:9/hook' }],
    ),
  );
  await activateFlow(
    t.store,
    flows.chain('hello', ['trigger.event', { event: 'go' }], ['action.sendEmail', { template: 'hello' }]),
  );
  await t.store.emailTemplates.upsert({ name: 'hello', subject: 'Hi', html: '', text: 'Hello' });
  await t.send({ type: 'go', contact: { email: 'lee@example.com' } });
  const contactId = (await t.store.contacts.findByEmail('lee@example.com'))?.id ?? '';
  const rows = await t.store.outbox.listForContact(contactId);
  expect(rows.map((r) => r.kind).sort()).toEqual(['email', 'webhook']);
  await t.until(async () => {
    const now = await Promise.all(rows.map((r) => t.store.outbox.get(r.id)));
    return now.every((r) => r?.status !== 'pending');
  }, 'deliveries ended');
  const webhook = rows.find((r) => r.kind === 'webhook');
  const email = rows.find((r) => r.kind === 'email');
  await t.until(
    () => lines.some((l) => l.outboxId === webhook?.id && l.msg === 'job failed'),
    'failure line',
  );
  await t.until(
    () => lines.some((l) => l.outboxId === email?.id && l.msg === 'delivery ended'),
    'delivered line',
  );
});
