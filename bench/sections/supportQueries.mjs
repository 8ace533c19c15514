import { createHash, randomUUID } from 'node:crypto';
import { createApp } from '@scoreflow/server';
import { pino } from 'pino';
import { seedContacts, seedFlows, tempStore } from '../lib/seed.mjs';
import { percentile } from '../lib/stats.mjs';

const STATUSES = ['completed', 'completed', 'completed', 'exited', 'waiting', 'failed'];

/**
 * Section 7: with 100,000 runs stored, the first page of the runs list and a contact page
 * must answer in under 100 ms. Measured over real HTTP against the express app on a real SQLite file;
 * the reference is `/healthz` on the same server (the HTTP round trip with no query at all).
 * @param {{ quick: boolean, log: (msg: string) => void }} ctx
 */
export async function supportQueries({ quick, log }) {
  const runs = quick ? 10_000 : 100_000;
  const contacts = quick ? 1_000 : 10_000;
  const data = await tempStore();
  const { store } = data;
  const flowIds = await seedFlows(store, 10, 10);
  const contactIds = await seedContacts(store, contacts);
  log(`  seeding ${runs.toLocaleString('en-US')} runs with steps and ledger rows`);
  for (let batch = 0; batch < runs; batch += 5_000) {
    await store.transaction(async () => {
      for (let i = batch; i < Math.min(runs, batch + 5_000); i += 1) {
        const contactId = contactIds[i % contacts];
        const run = await store.runs.create({
          flowId: flowIds[i % flowIds.length],
          flowVersion: 1,
          contactId,
          status: STATUSES[i % STATUSES.length],
        });
        for (const nodeId of ['t', 'a']) {
          await store.steps.record({
            runId: run.id,
            nodeId,
            nodeType: 'x',
            attempt: 0,
            status: 'ok',
            output: { i },
          });
        }
        await store.ledger.append({
          contactId,
          score: 'SCORE',
          delta: 1,
          value: 1,
          causeKind: 'flow',
          runId: run.id,
        });
      }
    });
  }
  const app = createApp({ store, logger: pino({ level: 'silent' }) });
  // An admin token, stored hashed as the server stores them.
  const token = `sf_bench_${randomUUID()}`;
  await store.access.createToken({
    name: 'bench',
    hash: createHash('sha256').update(token).digest('hex'),
    role: 'admin',
  });
  const headers = { authorization: `Bearer ${token}` };
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const probe = contactIds[7];
  const time = async (route, n = quick ? 30 : 100) => {
    for (let i = 0; i < 5; i += 1) await (await fetch(base + route, { headers })).arrayBuffer();
    const samples = [];
    for (let i = 0; i < n; i += 1) {
      const start = performance.now();
      const res = await fetch(base + route, { headers });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`bench: ${route} answered ${res.status}`);
      samples.push(performance.now() - start);
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
  };
  const reference = await time('/healthz');
  const queries = [
    ['runs list, first page', '/api/runs?limit=50'],
    ['runs list, one flow, failed, first page', `/api/runs?flowId=${flowIds[3]}&status=failed&limit=50`],
    ['contact page (contact + ledger + runs + events)', null],
  ];
  const rows = [];
  for (const [figure, route] of queries) {
    let result;
    if (route) result = await time(route);
    else {
      // What the contact page loads, one request after the other.
      const page = [
        `/api/contacts/${probe}`,
        `/api/contacts/${probe}/ledger?limit=50`,
        `/api/runs?contactId=${probe}&limit=50`,
        `/api/contacts/${probe}/events?limit=50`,
      ];
      const parts = [];
      for (const r of page) parts.push(await time(r));
      result = { p50: parts.reduce((a, p) => a + p.p50, 0), p95: parts.reduce((a, p) => a + p.p95, 0) };
    }
    log(`  ${figure}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms`);
    rows.push({
      section: '7 Run history',
      figure: `${figure}, p95 ms (${runs.toLocaleString('en-US')} runs)`,
      value: result.p95,
      reference: '/healthz p95 ms',
      refValue: reference.p95,
      ratio: result.p95 / reference.p95,
      target: '< 100 ms',
      pass: result.p95 < 100,
    });
  }
  await new Promise((resolve) => server.close(resolve));
  await data.remove();
  return { rows, details: { runs, contacts, reference } };
}
