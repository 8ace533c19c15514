import type { CastingFunction, Options as ParseOptions } from 'csv-parse';
import { type Stringifier, type Options as StringifyOptions, stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/**
 * Every CSV the product writes goes through this module, so that none of them can carry a formula into
 * a spreadsheet (OWASP "CSV Injection": a cell starting with `=`, `+`, `-`, `@`, tab or carriage return
 * is evaluated by Excel, LibreOffice and Google Sheets, e.g. `=HYPERLINK(...)` or `+cmd|' /C calc'!A0`).
 *
 * The neutralising itself is csv-stringify's `escape_formulas`, which prefixes such a cell with a single
 * quote (a spreadsheet then shows the text as it is) and still quotes the cell where CSV needs it. It
 * also covers the full-width forms (＝ ＋ － ＠) some spreadsheets normalise to their ASCII letters.
 *
 * Numbers: the library leaves a cell starting with `-` alone when the value handed to it is a JS number.
 * That is deliberate and kept: a number is formatted by JavaScript (`-5`, `-1.5e-7`), never text a
 * caller supplied, and spreadsheets read it as a negative number, not as a formula; prefixing it would
 * turn every negative score into text. So writers hand numeric columns over as numbers, and anything
 * that arrives as a string, even `-5`, is treated as dangerous.
 */

/** The characters after which a leading quote was added on export (those `escape_formulas` checks). */
const FORMULA_START = '[=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]';
/** Text that already starts with quotes before a formula character: one more quote keeps import exact. */
const QUOTED_FORMULA = new RegExp(`^'+${FORMULA_START}`);

/**
 * The options every CSV writer uses. `escape_formulas` only looks at the first character, so a value
 * that itself starts with `'=` would be written unchanged and then lose its quote on import; such a
 * value gets one more quote here, which makes {@link readCsvCell} the exact inverse of writing.
 */
export function csvWriteOptions(options: StringifyOptions = {}): StringifyOptions {
  const castString = options.cast?.string;
  return {
    ...options,
    escape_formulas: true,
    cast: {
      ...options.cast,
      string: (value, context) => {
        const cast = castString ? castString(value, context) : value;
        return typeof cast === 'string' && QUOTED_FORMULA.test(cast) ? `'${cast}` : cast;
      },
    },
  };
}

/** A streaming CSV writer (records in, text out) with {@link csvWriteOptions}. */
export const csvStringifier = (options?: StringifyOptions): Stringifier =>
  stringify(csvWriteOptions(options));

/** Records as CSV text with {@link csvWriteOptions}. */
export const csvString = (records: unknown[], options?: StringifyOptions): string =>
  stringifySync(records, csvWriteOptions(options));

/**
 * One cell as the writer meant it: drops the single quote an export put in front of a formula
 * character, and only there, so `'=1+1` reads back as `=1+1` while `'quoted'` and `O'Brien` stay.
 */
export const readCsvCell = (cell: string): string => (QUOTED_FORMULA.test(cell) ? cell.slice(1) : cell);

const castCell: CastingFunction = (value, context) => (context.header ? value : readCsvCell(value));

/** Parser options that undo {@link csvWriteOptions} on every data cell (header names are left as sent). */
export const csvReadOptions = <T extends ParseOptions>(options: T): T & { cast: CastingFunction } => ({
  ...options,
  cast: castCell,
});
