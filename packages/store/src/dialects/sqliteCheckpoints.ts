import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * WAL pages the writing connection lets pile up before it checkpoints by itself while the background
 * checkpoints run: only reached if they fall behind (about 40 MB of 4 KB pages). SQLite's default,
 * which the connection goes back to if the background thread ends, is 1,000.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
/** How often the background thread copies the write-ahead log into the database file. */
const EVERY_MS = 200;

/** What the background thread last reported: frames in the log, and how many of them are in the file. */
export interface CheckpointReport {
  logFrames: number;
  checkpointedFrames: number;
}

export interface BackgroundCheckpoints {
  /** The last checkpoint that found frames to copy, if any yet. */
  last(): CheckpointReport | undefined;
  /** Ends the thread (it closes its connection); the writer checkpoints by itself again. */
  stop(): Promise<void>;
}

// Code of the thread. A string rather than a module file of its own because the thread must run the
// same from the compiled package and from its TypeScript source under the test runner, where a
// module next to this one would be a .ts file Node cannot load. It takes nothing from outside but
// the file name and the driver's path.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log > 0) parentPort.postMessage({ logFrames: r.log, checkpointedFrames: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints of a SQLite file in a thread of their own, off the thread that writes. In WAL mode
 * every commit appends the pages it changed to the log, and by default the commit that takes the log
 * past 1,000 pages also copies the log into the database file, syncing both: measured on a worker
 * draining events, those checkpoints were more than half of its commits' time and a fifth of the
 * whole. A PASSIVE checkpoint from another connection copies what it can without taking the write
 * lock, so the writer goes on meanwhile, and the log starts again from its beginning once it has all
 * been copied. The writer keeps a checkpoint of its own at {@link FALLBACK_AUTOCHECKPOINT_PAGES}, and
 * goes back to SQLite's default if the thread ends, so the log stays bounded whatever happens to it.
 */
export function startBackgroundCheckpoints(
  file: string,
  connection: BetterSqlite3.Database,
): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { file, driver, everyMs: EVERY_MS } });
  // A thread that is copying pages must not keep a stopping process alive; stop() ends it anyway.
  worker.unref();
  connection.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let last: CheckpointReport | undefined;
  worker.on('message', (message: CheckpointReport | { error: string }) => {
    if ('logFrames' in message) last = message;
  });
  // A thread that failed to start or died leaves the checkpoints to the writer, as without it.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (connection.open) connection.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`);
      resolve();
    });
  });
  return {
    last: () => last,
    async stop() {
      // Held until the thread has closed its connection: the process must not exit before then.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
