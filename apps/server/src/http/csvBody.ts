import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { bodyReadError, unsupportedCharset, unsupportedEncoding } from './bodyErrors.js';
import { AppError } from './errors.js';
import { incompleteTail, invalidUtf8At, isUtf8Charset } from './utf8.js';

/**
 * A streamed CSV body (the contacts import): decompressed as its Content-Encoding says, checked to
 * be UTF-8 byte by byte, and handed to the CSV parser only in whole records.
 *
 * Handing over whole records is what keeps a refused import honest. The import applies rows as they
 * come; when the body turns out to be unreadable (an invalid byte, broken gzip, a dropped connection)
 * the parser is ended cleanly after the last complete record before the fault, so every row before
 * it is applied and nothing of the broken row is: a row cut at the fault would otherwise be parsed
 * as a shorter, wrong row, or take the rows already parsed with it when the parser fails.
 */

const DQUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Where and why the body stopped being readable. */
export type CsvBodyFault =
  | { kind: 'invalid_utf8'; byte: number; line: number; rowLine: number }
  | { kind: 'unreadable'; error: unknown };

/**
 * Passes bytes through in whole CSV records, validating UTF-8 on the way; stops at the first fault.
 * Records end at a line break outside double quotes (the parser's default quoting).
 */
class CsvRecordGate extends Transform {
  /** Received bytes not yet passed on: the start of a record that has not ended yet. */
  private held: Buffer = Buffer.alloc(0);
  /** Offset in the whole body of `held[0]`. */
  private heldAt = 0;
  /** Bytes of `held` already scanned for quotes and line breaks, and checked as UTF-8. */
  private scanned = 0;
  private checked = 0;
  private inQuotes = false;
  /** The line `held[scanned]` is on, and the line `held` starts on (the first line is 1). */
  private line = 1;
  private heldLine = 1;
  /** Whether everything passed on so far ended at a record boundary. */
  private aligned = true;
  fault: CsvBodyFault | undefined;

  constructor(
    private readonly maxHeld: number,
    private readonly onUnalignedFault: (err: Error) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // After a fault the rest of the body is read and dropped.
    if (!this.fault) {
      this.held = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
      this.advance(false);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.fault) this.advance(true);
    if (!this.fault && this.held.length > 0) this.push(this.held);
    done();
  }

  /** Stops at a fault of the stream feeding this one, passing on nothing more. */
  fail(error: unknown): void {
    if (this.fault) return;
    this.stop({ kind: 'unreadable', error });
  }

  private stop(fault: CsvBodyFault): void {
    this.fault = fault;
    this.held = Buffer.alloc(0);
    // The parser has part of a record only when a record outgrew `maxHeld`; ending it would parse that
    // part as a whole row, so it is failed instead.
    if (this.aligned) this.push(null);
    else this.onUnalignedFault(new Error('The CSV body could not be read to its end'));
  }

  private advance(final: boolean): void {
    const data = this.held;
    const tail = final ? 0 : incompleteTail(data);
    const end = data.length - tail;
    let invalidAt = -1;
    if (this.checked < end && !isUtf8(data.subarray(this.checked, end))) {
      invalidAt = this.checked + invalidUtf8At(data.subarray(this.checked, end), true);
    }
    this.checked = end;
    const limit = invalidAt === -1 ? data.length : invalidAt;
    let boundary = 0;
    let boundaryLine = this.line;
    let { line, inQuotes } = this;
    for (let i = this.scanned; i < limit; i++) {
      const byte = data[i];
      if (byte === DQUOTE) inQuotes = !inQuotes;
      else if (byte === LF || byte === CR) {
        if (byte === LF) line++;
        if (!inQuotes) {
          boundary = i + 1;
          boundaryLine = line;
        }
      }
    }
    if (invalidAt !== -1) {
      if (boundary > 0) this.push(data.subarray(0, boundary));
      // The row with the bad byte starts at the last boundary passed on, or where `held` starts.
      const rowLine = boundary > 0 ? boundaryLine : this.heldLine;
      this.stop({ kind: 'invalid_utf8', byte: this.heldAt + invalidAt, line, rowLine });
      return;
    }
    this.line = line;
    this.inQuotes = inQuotes;
    this.scanned = limit;
    if (boundary > 0) {
      this.push(data.subarray(0, boundary));
      this.held = data.subarray(boundary);
      this.heldAt += boundary;
      this.scanned -= boundary;
      this.checked -= boundary;
      this.heldLine = boundaryLine;
    } else if (data.length > this.maxHeld) {
      // No record boundary in sight (a record too long for the parser, or a delimiter it is not
      // looking for): pass the bytes on and let the parser judge them.
      // The start of a sequence the next chunk completes stays behind, to be checked whole.
      this.push(data.subarray(0, end));
      this.held = data.subarray(end);
      this.heldAt += end;
      this.heldLine = line;
      this.scanned = this.held.length;
      this.checked = 0;
      this.aligned = false;
    }
  }
}

/**
 * The records of `parser`, with a parse error raised only after every record parsed before it. A
 * stream's own async iterator drops what is buffered once the stream fails, and a parser that fails
 * in the same chunk as it parsed good records would lose them: rows that exist in the file, neither
 * imported nor reported.
 */
export async function* recordsOf(parser: Readable): AsyncGenerator<unknown> {
  let error: unknown;
  let ended = false;
  let wake = () => {};
  parser.on('readable', () => wake());
  parser.on('end', () => {
    ended = true;
    wake();
  });
  parser.on('error', (err) => {
    error ??= err;
    wake();
  });
  for (;;) {
    // read() still hands out what is buffered after the stream has failed.
    for (let record = parser.read(); record !== null; record = parser.read()) yield record;
    if (error !== undefined) throw error;
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

/** The decompressors of the Content-Encodings the JSON parser takes too. */
const DECOMPRESSORS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/** The charset parameter of a Content-Type header, lower-cased. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

export interface CsvBody {
  /** Starts streaming the body into `parser`; its records, in order (see {@link recordsOf}). */
  records(parser: Transform): AsyncIterable<unknown>;
  /** The coded error to answer with when the body stopped being readable, `imported` rows in. */
  failure(imported: number): AppError | undefined;
}

/**
 * `req`'s body, decompressed, checked and in whole records (see above), for a CSV parser. Throws 415
 * at once for a Content-Encoding or charset it does not take. `maxRecordBytes` is the parser's own
 * record limit: a record held longer than twice that is passed on for the parser to refuse.
 */
export function csvImportBody(req: IncomingMessage, maxRecordBytes: number): CsvBody {
  const charset = charsetOf(req.headers['content-type']);
  if (!isUtf8Charset(charset)) throw unsupportedCharset(charset ?? '');
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decompress = DECOMPRESSORS.get(encoding);
  if (encoding !== 'identity' && !decompress) throw unsupportedEncoding(encoding);
  let gate: CsvRecordGate | undefined;

  return {
    records(parser) {
      const g = new CsvRecordGate(2 * maxRecordBytes, (err) => parser.destroy(err));
      gate = g;
      req.on('error', (err) => g.fail(err));
      if (decompress) {
        const stream = decompress();
        stream.on('error', (err) => {
          g.fail(err);
          // Read off the rest of the body so the answer can be sent.
          req.unpipe(stream);
          req.resume();
        });
        req.pipe(stream).pipe(g);
      } else {
        req.pipe(g);
      }
      return recordsOf(g.pipe(parser));
    },
    failure(imported) {
      const fault = gate?.fault;
      if (!fault) return undefined;
      const kept = `the ${imported} rows before it were imported, none from it on`;
      if (fault.kind === 'invalid_utf8') {
        const { line, byte, rowLine } = fault;
        return new AppError(
          'bad_request',
          `The CSV is not valid UTF-8 at line ${line}, byte offset ${byte}; ${kept}`,
          [{ pointer: '', code: 'invalid_utf8', message: 'Not valid UTF-8', line, byte, rowLine }],
        );
      }
      const cause =
        bodyReadError(fault.error, encoding) ??
        new AppError('bad_request', 'The body could not be read to its end');
      return new AppError(cause.code, `${cause.message}; ${kept}`);
    },
  };
}
