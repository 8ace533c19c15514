import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/**
 * Request bodies are UTF-8 and nothing else. Decoding invalid bytes the lenient way turns each into
 * U+FFFD, so a body that arrived damaged would be stored damaged without anyone noticing; refusing it
 * tells the sender while they still have the original.
 */

/** Thrown by {@link requireUtf8}; `type` is how body-parser passes it on (see bodyErrors.ts). */
export class InvalidUtf8Error extends Error {
  readonly type = 'entity.utf8.invalid';
  constructor(readonly offset: number) {
    super(`The body is not valid UTF-8 (at byte offset ${offset})`);
    this.name = 'InvalidUtf8Error';
  }
}

/** Thrown by {@link requireUtf8} for a declared charset other than UTF-8. */
export class UnsupportedCharsetError extends Error {
  readonly type = 'charset.unsupported';
  constructor(readonly charset: string) {
    super(`unsupported charset "${charset.toUpperCase()}": send the body as UTF-8`);
    this.name = 'UnsupportedCharsetError';
  }
}

/** Charsets a body may declare: UTF-8, and ASCII, which is a subset of it. */
export const isUtf8Charset = (charset: string | undefined): boolean =>
  charset === undefined || ['utf-8', 'utf8', 'us-ascii'].includes(charset.toLowerCase());

/** Where a sequence starting with `lead` ends: its length in bytes, 0 if `lead` starts none. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The range the second byte of a sequence must fall in: these exclude overlongs, surrogates and > U+10FFFF. */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * The offset of the first byte of the first ill-formed sequence in `bytes`, or -1. A sequence cut
 * off by the end counts as ill-formed only when `final`; otherwise the answer is -1 and
 * {@link incompleteTail} says how many bytes to carry over to the next chunk.
 */
export function invalidUtf8At(bytes: Uint8Array, final = true): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0) return i;
    const [low, high] = secondByteRange(lead);
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const byte = bytes[i + k] as number;
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (byte < min || byte > max) return i;
    }
    i += length;
  }
  return -1;
}

/** How many bytes at the end of `bytes` begin a sequence that the next chunk may complete (0 to 3). */
export function incompleteTail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const byte = bytes[bytes.length - k] as number;
    if ((byte & 0xc0) === 0x80) continue;
    return byte >= 0xc0 && sequenceLength(byte) > k ? k : 0;
  }
  return 0;
}

/** Whether `bytes` is valid UTF-8: the native check, falling back to the scan only to say where. */
export function firstInvalidUtf8(bytes: Uint8Array, final = true): number {
  if (isUtf8(bytes)) return -1;
  return invalidUtf8At(bytes, final);
}

/**
 * body-parser's `verify` hook: it sees the raw (decompressed) bytes before they are decoded, which is
 * the only point where an invalid byte can still be told apart from a real U+FFFD.
 */
export function requireUtf8(
  _req: IncomingMessage,
  _res: unknown,
  body: Buffer,
  charset: string | null,
): void {
  if (charset !== null && !isUtf8Charset(charset)) throw new UnsupportedCharsetError(charset);
  const at = firstInvalidUtf8(body);
  if (at !== -1) throw new InvalidUtf8Error(at);
}
