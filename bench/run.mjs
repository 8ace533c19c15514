// Scoreflow benchmarks: every figure beside a reference measured in the same run on the
// same machine. `node bench/run.mjs [--quick] [--only=1,2,...]`; `npm run bench` builds first.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startPrivateRedis } from './lib/redis.mjs';
import { fmt } from './lib/stats.mjs';
import { backtest } from './sections/backtest.mjs';
import { delayedSteps } from './sections/delayedSteps.mjs';
import { editorFrames } from './sections/editorFrames.mjs';
import { endToEnd } from './sections/endToEnd.mjs';
import { ingestion } from './sections/ingestion.mjs';
import { postgresEndToEnd } from './sections/postgresEndToEnd.mjs';
import { recoveryDrain } from './sections/recoveryDrain.mjs';
import { supportQueries } from './sections/supportQueries.mjs';
import { triggerMatching } from './sections/triggerMatching.mjs';
import { workPerEvent } from './sections/workPerEvent.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wanted = (n) => !only || only.includes(String(n));
const log = (msg) => process.stderr.write(`${msg}\n`);

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    nproc: cpus().length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    // Other work on the machine (a shared CI box, a test run) shows up here and in the figures.
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** @param {Array<Record<string, any>>} rows */
function table(rows) {
  const head = ['section', 'figure', 'value', 'reference', 'ref', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [
    r.section,
    r.figure,
    fmt(r.value),
    r.reference,
    fmt(r.refValue),
    Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '-',
    r.target,
    r.pass === null ? '-' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => `| ${c.map((v, i) => String(v).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main() {
  const started = Date.now();
  const info = machine();
  log(`Scoreflow bench (${quick ? 'quick' : 'full'}) on ${info.cpu}, ${info.nproc} CPUs, ${info.ramGiB} GiB`);
  const redis = await startPrivateRedis();
  log(`private redis-server at ${redis.url}`);
  const rows = [];
  const details = {};
  const skipped = [];
  const ctx = { redis, quick, log };
  const run = async (n, name, fn) => {
    if (!wanted(n)) return;
    log(`[${n}] ${name}`);
    const t = Date.now();
    const result = await fn(ctx);
    details[name] = { ...result.details, seconds: (Date.now() - t) / 1000 };
    rows.push(...result.rows);
    if (result.skipped) skipped.push(`[${n}] ${name}: ${result.skipped}`);
    return result;
  };
  try {
    const e2e = await run(1, 'endToEnd', endToEnd);
    await run(2, 'ingestion', ingestion);
    await run(3, 'triggerMatching', triggerMatching);
    await run(4, 'delayedSteps', delayedSteps);
    await run(6, 'editorFrames', editorFrames);
    await run(7, 'supportQueries', supportQueries);
    await run(8, 'backtest', backtest);
    await run(9, 'recoveryDrain', recoveryDrain);
    await run(10, 'postgresEndToEnd', postgresEndToEnd);
    await run(11, 'workPerEvent', workPerEvent);
    if (e2e) {
      rows.push(...e2e.footprint.rows);
      details.footprint = e2e.footprint.details;
    }
  } finally {
    await redis.stop();
  }
  const report = {
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine: info,
    redis: 'private redis-server 127.0.0.1, no persistence',
    rows,
    skipped,
    details,
  };
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `\nScoreflow bench, ${report.mode} mode, ${report.date}\n` +
      `machine: ${info.cpu}, ${info.nproc} CPUs, ${info.ramGiB} GiB RAM, Node ${info.node}, ` +
      `load average at start ${info.loadAverage.join(' ')}\n\n` +
      `${table(rows)}\n${skipped.map((s) => `\nnot run: ${s}`).join('')}\n` +
      `\n${rows.filter((r) => r.pass === false).length} target(s) missed; ` +
      `JSON in bench/results/latest.json (${Math.round(report.seconds)} s)\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
