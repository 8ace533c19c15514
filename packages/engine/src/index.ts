export { EngineError, type EngineErrorCode, isEngineError } from './errors.js';
export { adjustedScore } from './executors/actions.js';
export { compareScore, evaluateCondition } from './executors/conditions.js';
export { fitPoints, fitRuleHolds, fitScoreOf } from './fit.js';
export { crossedThreshold, matchesEventTrigger } from './matching.js';
export { DEFAULT_STEP_BUDGET, runFlow } from './run.js';
export {
  type SimulatedDay,
  type SimulatedMoment,
  type SimulatedScore,
  type SimulationInput,
  type SimulationResult,
  simulateThroughTime,
} from './simulate.js';
export type * from './types.js';
