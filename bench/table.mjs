// Prints bench/results/latest.json as the Markdown table the README's "Benchmarks" section shows:
// `node bench/table.mjs [report.json]`, then paste it over the old one.
import { readFileSync } from 'node:fs';
import { fmt } from './lib/stats.mjs';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
const report = JSON.parse(readFileSync(file, 'utf8'));
const m = report.machine;
const lines = [
  `${report.mode} mode, ${report.date.slice(0, 10)}, ${Math.round(report.seconds / 60)} min: ${m.cpu}, ` +
    `${m.nproc} CPUs, ${m.ramGiB} GiB RAM, Node ${m.node}, load average at start ${(m.loadAverage ?? ['?']).join(' ')}.`,
  '',
  '| section | figure | value | reference | ref | ratio | target | result |',
  '| --- | --- | ---: | --- | ---: | ---: | --- | --- |',
  ...report.rows.map(
    (r) =>
      `| ${r.section} | ${r.figure} | ${fmt(r.value)} | ${r.reference} | ${fmt(r.refValue)} | ` +
      `${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '-'} | ${r.target.replace('<=', '≤').replace('>=', '≥')} | ` +
      `${r.pass === null ? '-' : r.pass ? 'pass' : '**miss**'} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
