import { AppError } from './errors.js';

/**
 * Everything that can go wrong reading a request body, as coded errors. body-parser raises plain
 * errors with a `type`; the decompression streams raise zlib errors with neither a type nor a useful
 * status; the streamed routes (CSV import) raise the same through their own stream. All of them are
 * the client's mistake, so none may answer 500.
 */

/** What body-parser and raw-body put on their errors, and zlib on its own. */
interface BodyReadError {
  type?: unknown;
  message?: unknown;
  limit?: unknown;
  encoding?: unknown;
  charset?: unknown;
  received?: unknown;
  expected?: unknown;
  code?: unknown;
  errno?: unknown;
}

/** The Content-Encoding values bodies may use, by the name of their format. */
export const BODY_ENCODINGS = { gzip: 'gzip', deflate: 'deflate', br: 'brotli' } as const;

export const unsupportedEncoding = (encoding: string) =>
  new AppError(
    'unsupported_media_type',
    `The body's Content-Encoding "${encoding}" is not supported: send it uncompressed, or as ${Object.keys(BODY_ENCODINGS).join(', ')}`,
  );

export const unsupportedCharset = (charset: string) =>
  new AppError(
    'unsupported_media_type',
    `The body's charset "${charset}" is not supported: send it as UTF-8`,
  );

/** zlib's errors carry a numeric errno and a code: `Z_DATA_ERROR`, `Z_BUF_ERROR`, brotli's `ERR__ERROR_...`. */
function isDecompressionError(err: BodyReadError): boolean {
  return (
    typeof err.errno === 'number' &&
    typeof err.code === 'string' &&
    (err.code.startsWith('Z_') || err.code.startsWith('ERR__ERROR_') || err.code.startsWith('ZSTD_'))
  );
}

/** A decompression failure, named after the format the request said it used. */
function decompressionFailed(err: BodyReadError, contentEncoding: string | undefined): AppError {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const format = BODY_ENCODINGS[encoding as keyof typeof BODY_ENCODINGS] ?? (encoding || 'compressed');
  // zlib says "unexpected end of file" when the data stops before its end marker.
  if (err.code === 'Z_BUF_ERROR') {
    return new AppError(
      'bad_request',
      `The ${format} data ends before it is complete: the body was cut short`,
    );
  }
  return new AppError('bad_request', `The body is not valid ${format} data (${String(err.message)})`);
}

/**
 * The coded error for a failure to read, decompress or decode a request body, or undefined when
 * `err` is not one. `contentEncoding` is the request's header, to name the format that failed.
 */
export function bodyReadError(err: unknown, contentEncoding?: string): AppError | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as BodyReadError;
  const message = typeof e.message === 'string' ? e.message : '';
  switch (e.type) {
    case 'entity.too.large':
      return new AppError(
        'payload_too_large',
        `The body is larger than the ${e.limit} bytes this route takes`,
      );
    case 'parameters.too.many':
      return new AppError('payload_too_large', `The body has too many parameters (${message})`);
    case 'entity.parse.failed':
      return new AppError('bad_request', `The body is not valid JSON: ${message}`);
    case 'entity.utf8.invalid':
      return new AppError('bad_request', message);
    case 'entity.verify.failed':
      return new AppError('bad_request', `The body was refused: ${message}`);
    case 'encoding.unsupported':
      return unsupportedEncoding(String(e.encoding ?? contentEncoding ?? 'unknown'));
    case 'charset.unsupported':
      return unsupportedCharset(String(e.charset ?? 'unknown'));
    case 'request.aborted':
      return new AppError('bad_request', 'The request was aborted before its body was complete');
    case 'request.size.invalid':
      return new AppError(
        'bad_request',
        `The body is ${e.received} bytes, not the ${e.expected} its Content-Length says: it was cut short`,
      );
  }
  if (isDecompressionError(e)) return decompressionFailed(e, contentEncoding);
  // Node's own error when the client goes away mid-body; there is no one left to answer, but it is
  // not a server fault either.
  if (e.code === 'ECONNRESET' && message === 'aborted') {
    return new AppError('bad_request', 'The request was aborted before its body was complete');
  }
  return undefined;
}
