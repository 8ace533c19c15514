import { randomUUID } from 'node:crypto';
import { ScoringModel } from '@scoreflow/flow';
import { backtestModel } from '@scoreflow/server';
import { contactEmail, seedContacts, tempStore } from '../lib/seed.mjs';

const DAY = 86_400_000;
const TYPES = ['email.opened', 'email.clicked', 'webinar.registered', 'pricing.viewed', 'email.not_opened'];

/**
 * Section 8: a backtest of a changed scoring model over 10,000 contacts and 100,000 stored
 * events must finish within 10 s. The reference is reading the same events once (the replay's floor:
 * what it costs to page them out of SQLite without running any flow).
 * @param {{ quick: boolean, log: (msg: string) => void }} ctx
 */
export async function backtest({ quick, log }) {
  const contacts = quick ? 1_000 : 10_000;
  const events = quick ? 10_000 : 100_000;
  const data = await tempStore();
  const { store } = data;
  const ids = await seedContacts(store, contacts);
  const now = Date.now();
  log(
    `  seeding ${events.toLocaleString('en-US')} events over 30 days for ${contacts.toLocaleString('en-US')} contacts`,
  );
  for (let batch = 0; batch < events; batch += 10_000) {
    await store.transaction(async () => {
      for (let i = batch; i < Math.min(events, batch + 10_000); i += 1) {
        const contactId = ids[i % contacts];
        await store.events.insert({
          id: randomUUID(),
          type: TYPES[i % TYPES.length],
          contactId,
          occurredAt: now - Math.floor(Math.random() * 30 * DAY),
          payload: { contact: { email: contactEmail(i % contacts) }, properties: { campaign: 'spring' } },
        });
      }
    });
  }
  const model = ScoringModel.parse({
    name: 'Changed model',
    rows: [
      { id: 'open', event: 'email.opened', stage: 'engagement', points: 5 },
      { id: 'click', event: 'email.clicked', stage: 'engagement', points: 10 },
      { id: 'webinar', event: 'webinar.registered', stage: 'consideration', readiness: 30 },
      { id: 'pricing', event: 'pricing.viewed', stage: 'consideration', points: 30 },
      { id: 'skip', event: 'email.not_opened', stage: 'awareness', points: -2 },
    ],
  });

  const readStart = performance.now();
  let read = 0;
  for (let offset = 0; offset < contacts; offset += 500) {
    for (const id of ids.slice(offset, offset + 500))
      read += (await store.events.listForContact(id, { limit: 1_000 })).length;
  }
  const readMs = performance.now() - readStart;

  const start = performance.now();
  const result = await backtestModel(store, model, 30, now);
  const ms = performance.now() - start;
  log(
    `  backtest: ${ms.toFixed(0)} ms (${read.toLocaleString('en-US')} events read in ${readMs.toFixed(0)} ms)`,
  );
  await data.remove();
  return {
    rows: [
      {
        section: '8 Backtest',
        figure: `backtest ms, ${contacts.toLocaleString('en-US')} contacts, ${events.toLocaleString('en-US')} events`,
        value: ms,
        reference: 'reading the same events, ms',
        refValue: readMs,
        ratio: ms / readMs,
        target: '< 10,000 ms',
        pass: ms < 10_000,
      },
    ],
    details: {
      contacts,
      events,
      result: { contacts: result.contacts, events: result.events, moved: result.moved },
    },
  };
}
