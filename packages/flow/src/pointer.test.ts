import { describe, expect, it } from 'vitest';
import { toJsonPointer } from './pointer.js';

describe('toJsonPointer', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    expect(toJsonPointer([])).toBe('');
    expect(toJsonPointer(['nodes', 3, 'config', 'delta'])).toBe('/nodes/3/config/delta');
    expect(toJsonPointer(['properties', 'a/b', 'c~d'])).toBe('/properties/a~1b/c~0d');
  });
});
