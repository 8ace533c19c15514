export * from './actionScore.js';
export * from './applyFit.js';
export { type AfterCommit, loadContactView, type ProcessingDeps, type RunTally } from './context.js';
export * from './decay.js';
export * from './engagement.js';
export * from './flowCache.js';
export * from './manual.js';
export * from './merge.js';
export * from './processEvent.js';
export * from './processWait.js';
export * from './retention.js';
export * from './runActions.js';
export {
  type ImportedScore,
  importScores,
  type ScoreCause,
  type ScoreChange,
  type ScoreRequest,
} from './scoreChange.js';
export { MAX_TRIGGER_DEPTH } from './signals.js';
export * from './sweep.js';
export * from './versionMoves.js';
