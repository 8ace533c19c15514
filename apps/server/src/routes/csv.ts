import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { API, ImportQuery } from '@scoreflow/api';
import type { Ingest } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import { parse } from 'csv-parse';
import type { Router } from 'express';
import { csvImportBody } from '../http/csvBody.js';
import { AppError } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { parseBody } from '../http/validate.js';
import {
  applyRows,
  CSV_COLUMNS,
  exportRow,
  type ImportRow,
  readRow,
  rowErrorMessage,
  SCORE_COLUMN_PREFIX,
} from '../integrations/csvContacts.js';
import { csvReadOptions, csvStringifier } from '../services/csvCells.js';

const PAGE = 500;
/** Row errors listed in the answer; the count covers them all. */
const MAX_LISTED_ERRORS = 1000;
/** Longest CSV row (a contact with its attributes and scores) an import takes. */
export const MAX_CSV_ROW_BYTES = 64 * 1024;

/**
 * PostgreSQL's deadlock_detected and serialization_failure: the store runs the whole transaction again,
 * so a row's savepoint must not keep one as that row's error.
 */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const mustRetryTransaction = (err: unknown) =>
  typeof err === 'object' && err !== null && RETRYABLE_CODES.has(String((err as { code?: unknown }).code));

interface RowError {
  line: number;
  message: string;
}

interface BatchOutcome {
  done: ImportRow[];
  refused: RowError[];
  created: number;
}

/**
 * Writes a batch of rows in one transaction and says what became of each; the caller counts it once
 * committed, since on PostgreSQL a deadlock runs the transaction again from the start. Rows rarely
 * fail, so the batch is first written as a whole; when a row fails, it is written again with each row
 * in a savepoint, so that the failing row leaves nothing behind and the others are kept.
 */
async function writeBatch(
  store: Store,
  rows: ImportRow[],
  options: { writeAttributes: boolean; importId: string },
): Promise<BatchOutcome> {
  try {
    return await store.transaction(async () => {
      const applied = await applyRows(store, rows, options);
      return { done: rows, refused: [], created: applied.filter((a) => a.created).length };
    });
  } catch (err) {
    // Not a row's fault: the store already ran the transaction again as often as it does.
    if (mustRetryTransaction(err)) throw err;
  }
  return store.transaction(async () => {
    const outcome: BatchOutcome = { done: [], refused: [], created: 0 };
    for (const row of rows) {
      try {
        const [applied] = await store.transaction(() => applyRows(store, [row], options));
        if (applied?.created) outcome.created++;
        outcome.done.push(row);
      } catch (err) {
        // Not the row's fault: the whole batch is run again.
        if (mustRetryTransaction(err)) throw err;
        outcome.refused.push({ line: row.line, message: rowErrorMessage(err) });
      }
    }
    return outcome;
  });
}

/**
 * Contacts as CSV. The export streams page by page (memory stays flat whatever the size); the import
 * streams through csv-parse and writes 500 rows per transaction, keeping every valid row and listing
 * the invalid ones by line number.
 */
export function csvRoutes(deps: { store: Store; ingest?: Ingest | undefined }): Router {
  const { store } = deps;
  const router = guardedRouter();

  router.on(API.contacts.exportCsv, async (_req, res) => {
    const scoreNames = await store.contactExport.scoreNames();
    async function* rows() {
      let cursor: number | undefined = 0;
      while (cursor !== undefined) {
        const page = await store.contactExport.page(cursor, PAGE);
        for (const contact of page.contacts) yield exportRow(contact, scoreNames);
        cursor = page.next;
      }
    }
    res.type('text/csv; charset=utf-8').attachment('contacts.csv');
    await pipeline(
      Readable.from(rows()),
      csvStringifier({
        header: true,
        columns: [...CSV_COLUMNS, ...scoreNames.map((n) => SCORE_COLUMN_PREFIX + n)],
      }),
      res,
    );
  });

  router.on(API.contacts.importCsv, async (req, res) => {
    if (!req.is('text/csv') && !req.is('text/plain')) {
      throw new AppError('unsupported_media_type', 'Send the contacts as text/csv with a header row');
    }
    const startFlows = parseBody(ImportQuery, req.query, 'query').startFlows === 'true';
    if (startFlows && !deps.ingest) {
      throw new AppError('service_unavailable', 'Event ingestion is not running in this process');
    }
    const importId = randomUUID().slice(0, 8);
    const errors: RowError[] = [];
    let failed = 0;
    let imported = 0;
    let created = 0;
    const fail = (e: RowError) => {
      failed++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push(e);
    };

    let batch: ImportRow[] = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      const outcome = await writeBatch(store, rows, { writeAttributes: !startFlows, importId });
      const { done } = outcome;
      imported += done.length;
      created += outcome.created;
      for (const e of outcome.refused) fail(e);
      if (startFlows && deps.ingest && done.length > 0) {
        const results = await deps.ingest(
          done.map((row) => ({
            id: `import-${importId}-${row.line}`,
            type: 'contact.imported',
            contact: {
              ...row.identity,
              ...(Object.keys(row.attributes).length > 0 ? { attributes: row.attributes } : {}),
            },
            properties: { importId, line: row.line },
          })),
        );
        results.forEach((r, i) => {
          if (r.status === 'rejected') {
            fail({
              line: done[i]?.line ?? 0,
              message: `attributes not applied: ${r.errors.map((e) => e.message).join('; ')}`,
            });
          }
        });
      }
    };

    // Decompressed and checked as UTF-8 on the way, and cut at whole records when it stops being
    // readable (see csvBody.ts); an encoding or charset it does not take is refused here, with 415.
    const body = csvImportBody(req, MAX_CSV_ROW_BYTES);
    const records = body.records(
      parse(
        // Reading undoes the export's formula quoting, so an exported file imports back exactly.
        csvReadOptions({
          columns: (header: string[]) => header.map((h) => h.trim()),
          bom: true,
          skip_empty_lines: true,
          info: true,
          relax_column_count: true,
          // Imports may be any number of rows (they stream), but one row is small: without this cap a
          // body with no line break would be buffered whole.
          max_record_size: MAX_CSV_ROW_BYTES,
        }),
      ),
    );
    try {
      for await (const { info, record } of records as AsyncIterable<{
        info: { lines: number; invalid_field_length: number };
        record: Record<string, string>;
      }>) {
        if (info.invalid_field_length > 0) {
          fail({
            line: info.lines,
            message: 'the row does not have as many cells as the header has columns',
          });
          continue;
        }
        const row = readRow(info.lines, record);
        if ('message' in row) fail(row);
        else batch.push(row);
        if (batch.length >= PAGE) await flush();
      }
    } catch (err) {
      await flush();
      throw (
        body.failure(imported) ??
        new AppError(
          'bad_request',
          `The CSV could not be read past this point (${(err as Error).message}); the ${imported} rows before it were imported`,
        )
      );
    }
    await flush();
    // A body that stopped being readable ends the parser cleanly after its last whole record.
    const failure = body.failure(imported);
    if (failure) throw failure;
    res.json({ importId, imported, created, updated: imported - created, failed, errors, startFlows });
  });

  return router.router;
}
