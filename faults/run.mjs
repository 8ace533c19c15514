#!/usr/bin/env node
// The fault suite: drives the BUILT product (apps/server/dist/main.js) as real processes,
// each case against its own redis-server, and ends every case with invariant checks read from SQLite.
//   node faults/run.mjs            full sizes
//   node faults/run.mjs --short    the CI form: small sizes, under two minutes
//   node faults/run.mjs --only sigkill,flushall
//   node faults/run.mjs --store postgres   the same cases with the product on PostgreSQL
import { createContext } from './lib/context.mjs';
import { assertBuilt } from './lib/server.mjs';

const CASES = [
  'sigkill',
  'sigterm',
  'redisRestart',
  'flushall',
  'redisDown',
  'sqliteWriters',
  'clockJump',
  'redisCluster',
  'hostCut',
];

const args = process.argv.slice(2);
const short = args.includes('--short');
const onlyIndex = args.indexOf('--only');
const storeIndex = args.indexOf('--store');
const store = storeIndex >= 0 ? args[storeIndex + 1] : 'sqlite';
if (store !== 'sqlite' && store !== 'postgres') {
  process.stderr.write(`faults: --store takes sqlite or postgres, not "${store}"\n`);
  process.exit(2);
}
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : CASES;
const unknown = only.filter((c) => !CASES.includes(c));
if (unknown.length > 0) {
  process.stderr.write(`faults: unknown case(s) ${unknown.join(', ')}; known: ${CASES.join(', ')}\n`);
  process.exit(2);
}

assertBuilt();
let current;
// Ctrl-C or a CI timeout: end this case's processes and Redis rather than leave them behind.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    process.stderr.write(`faults: ${signal}, stopping the current case\n`);
    void (current?.close() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
const started = Date.now();
const results = [];
for (const id of CASES.filter((c) => only.includes(c))) {
  const mod = await import(`./cases/${id}.mjs`);
  const caseStarted = Date.now();
  process.stdout.write(`▶ ${id}: ${mod.name}${store === 'postgres' ? ' (PostgreSQL)' : ''}\n`);
  let result;
  let ctx;
  try {
    ctx = await createContext({
      name: id,
      persistent: mod.persistent ?? false,
      redis: mod.redis ?? 'single',
      hosts: mod.hosts ?? [],
      store,
    });
    current = ctx;
    result = await mod.run(ctx, { short });
  } catch (err) {
    result = { failures: [`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`] };
  } finally {
    await ctx?.close().catch(() => undefined);
  }
  result = { id, name: mod.name, eventsSent: 0, lost: 0, appliedTwice: 0, busy: 0, ...result };
  result.seconds = ((Date.now() - caseStarted) / 1000).toFixed(1);
  if (result.busy > 0) result.failures.push(`SQLITE_BUSY appeared ${result.busy} times in process output`);
  results.push(result);
  const ok = result.failures.length === 0;
  const facts = Object.entries(result.facts ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  process.stdout.write(
    `${ok ? '✔' : '✘'} ${id} (${result.seconds} s): sent ${result.eventsSent}, lost ${result.lost}, ` +
      `applied twice ${result.appliedTwice}${facts ? `, ${facts}` : ''}\n`,
  );
  for (const f of result.failures) process.stdout.write(`    ✘ ${f}\n`);
}

const sum = (key) => results.reduce((n, r) => n + (r[key] ?? 0), 0);
const failed = results.filter((r) => r.failures.length > 0);
process.stdout.write(
  [
    '',
    `Fault suite (${short ? 'short' : 'full'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  cases run:     ${results.length} (${results.length - failed.length} passed, ${failed.length} failed)`,
    `  events sent:   ${sum('eventsSent')}`,
    `  events lost:   ${sum('lost')}`,
    `  applied twice: ${sum('appliedTwice')}`,
    `  runs stuck:    ${sum('stuck')}`,
    '',
  ].join('\n'),
);
process.exit(failed.length === 0 ? 0 : 1);
