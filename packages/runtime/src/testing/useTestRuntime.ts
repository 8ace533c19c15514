import { afterEach, beforeEach } from 'vitest';
import type { RuntimeOptions } from '../worker/runtime.js';
import { createTestRuntime, type TestRuntime } from './harness.js';

/**
 * A started test runtime for each test of the file or describe block that calls this, closed after
 * the test; the getter returns the current one. `options` may be a function, for values an earlier
 * hook makes (a mail server's URL).
 */
export function useTestRuntime(
  options: Partial<RuntimeOptions> | (() => Partial<RuntimeOptions>) = {},
): () => TestRuntime {
  let current: TestRuntime | undefined;
  beforeEach(async () => {
    current = await createTestRuntime(typeof options === 'function' ? options() : options);
    await current.runtime.start();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('The test runtime exists only while a test runs');
    return current;
  };
}
