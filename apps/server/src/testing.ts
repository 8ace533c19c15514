import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore, openDatabase, type Store } from '@scoreflow/store';
import type { Express } from 'express';
import { pino } from 'pino';
import { createApp } from './app.js';

/** An app on a real SQLite file in a temp dir, for route tests; `cleanup` removes it. */
export function createTestApp(): { app: Express; store: Store; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-server-'));
  const store = createStore(openDatabase(path.join(dir, 'test.db')));
  const app = createApp({ store, logger: pino({ level: 'silent' }) });
  return {
    app,
    store,
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
