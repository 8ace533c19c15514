import type { NodeType } from '@scoreflow/flow';
import { actionExecutors } from './actions.js';
import { conditionExecutors } from './conditions.js';
import { controlExecutors } from './control.js';
import { triggerExecutors } from './triggers.js';
import type { Executor } from './types.js';

/** One executor per node type: a type added to the catalog without one is a compile error here. */
export const executors: { readonly [T in NodeType]: Executor<T> } = {
  ...triggerExecutors,
  ...conditionExecutors,
  ...actionExecutors,
  ...controlExecutors,
};
