export * from './delivery.js';
export * from './engagement.js';
export * from './flowCache.js';
export type { AfterCommit, ProcessingDeps } from './job.js';
export { loadContactView } from './job.js';
export * from './processEvent.js';
export * from './processWait.js';
export { MAX_TRIGGER_DEPTH } from './signals.js';
export * from './sweep.js';
