import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incompleteTail, invalidUtf8At } from './utf8.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const decodes = (b: Uint8Array) => {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
};

describe('invalidUtf8At', () => {
  it('finds the first byte of the first ill-formed sequence', () => {
    expect(invalidUtf8At(Buffer.from('plain, Zoë, 東京, 😀, \u{10ffff}'))).toBe(-1);
    expect(invalidUtf8At(bytes(0x61, 0xc3, 0x28))).toBe(1);
    expect(invalidUtf8At(bytes(0xc0, 0x80))).toBe(0); // overlong NUL
    expect(invalidUtf8At(bytes(0xe0, 0x80, 0x80))).toBe(0); // overlong
    expect(invalidUtf8At(bytes(0xed, 0xa0, 0x80))).toBe(0); // a surrogate
    expect(invalidUtf8At(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // past U+10FFFF
    expect(invalidUtf8At(bytes(0x61, 0x80))).toBe(1); // a continuation with no lead
    expect(invalidUtf8At(bytes(0xff))).toBe(0);
  });

  it('counts a sequence cut off by the end as ill-formed only at the end of the body', () => {
    expect(invalidUtf8At(bytes(0x61, 0xe2, 0x82), true)).toBe(1);
    expect(invalidUtf8At(bytes(0x61, 0xe2, 0x82), false)).toBe(-1);
    expect(incompleteTail(bytes(0x61, 0xe2, 0x82))).toBe(2);
    expect(incompleteTail(bytes(0xf0, 0x9f, 0x98))).toBe(3);
    expect(incompleteTail(Buffer.from('😀'))).toBe(0);
    expect(incompleteTail(bytes(0x61))).toBe(0);
  });

  it('agrees with a fatal TextDecoder on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const at = invalidUtf8At(b);
        expect(at === -1).toBe(decodes(b));
        if (at !== -1) expect(decodes(b.subarray(0, at))).toBe(true);
        // Split in two, with the incomplete tail of the first part carried over to the second, the
        // two verdicts make the whole one.
        const cut = b.length >> 1;
        const tail = incompleteTail(b.subarray(0, cut));
        if (invalidUtf8At(b.subarray(0, cut - tail)) === -1) {
          expect(invalidUtf8At(b.subarray(cut - tail)) === -1).toBe(at === -1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
