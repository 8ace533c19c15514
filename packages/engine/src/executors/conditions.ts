import {
  contactGrade,
  engagementAtLeast,
  gradeWithin,
  isNodeType,
  type NodeConfig,
  nodeCatalog,
  parseNodeConfig,
  type ScoreOp,
} from '@scoreflow/flow';
import { EngineError, invalidConfigError } from '../errors.js';
import { splitBucket } from '../hash.js';
import type { ContactView, EngineContext } from '../types.js';
import { compareValue, readOwn, readScore } from '../values.js';
import type { Executor, ExecutorGroup, TypesOfKind } from './types.js';

type ConditionType = TypesOfKind<'condition'>;

/** A condition's verdict with the values it compared, shown on the run step. */
export type ConditionOutput = Record<string, unknown> & { result: boolean };

type Evaluator<T extends ConditionType> = (
  config: NodeConfig<T>,
  contact: ContactView,
  ctx: EngineContext,
  nodeId: string,
) => ConditionOutput;

const DAY_MS = 86_400_000;

/** Compares two numbers with a score operator. */
export function compareScore(value: number, op: ScoreOp, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

const evaluators: { [T in ConditionType]: Evaluator<T> } = {
  'condition.score': (c, contact) => {
    const value = readScore(contact.scores, c.score);
    return {
      score: c.score,
      value,
      op: c.op,
      threshold: c.value,
      result: compareScore(value, c.op, c.value),
    };
  },
  'condition.attribute': (c, contact) => {
    const value = readOwn(contact.attributes, c.attribute) ?? null;
    return {
      attribute: c.attribute,
      value,
      op: c.op,
      expected: c.value ?? null,
      result: compareValue(value, c.op, c.value),
    };
  },
  'condition.grade': (c, contact, ctx) => {
    const model = ctx.gradedModel?.(c.model);
    if (!model) {
      throw new EngineError(
        'unknown_model',
        `No scoring model named "${c.model}" grades contacts: turn grades on in that model, or choose another`,
      );
    }
    const grade = contactGrade(model, contact.scores);
    return {
      model: c.model,
      grade,
      fit: readScore(contact.scores, model.fitScore),
      engagement: readScore(contact.scores, model.score),
      fitGrades: c.fit,
      engagementTiers: c.engagement,
      result: gradeWithin(grade, c),
    };
  },
  'condition.hasTag': (c, contact) => ({ tag: c.tag, result: contact.tags.includes(c.tag) }),
  'condition.inList': (c, contact) => ({ list: c.list, result: contact.lists.includes(c.list) }),
  'condition.engagement': (c, contact) => ({
    level: contact.engagement,
    atLeast: c.atLeast,
    result: engagementAtLeast(contact.engagement, c.atLeast),
  }),
  'condition.eventCount': (c, _contact, ctx) => {
    const since = ctx.now - c.withinDays * DAY_MS;
    const count = ctx.countEvents(c.event, since);
    return { event: c.event, count, min: c.min, withinDays: c.withinDays, since, result: count >= c.min };
  },
  'condition.split': (c, contact, ctx, nodeId) => {
    const bucket = splitBucket(ctx.flowId, contact.id, nodeId);
    return { percent: c.percent, bucket, result: bucket < c.percent };
  },
};

function isConditionType(type: string): type is ConditionType {
  return isNodeType(type) && nodeCatalog[type].kind === 'condition';
}

/** Evaluates a parsed condition config; used by the executors and by `evaluateCondition`. */
export function explainCondition<T extends ConditionType>(
  type: T,
  config: NodeConfig<T>,
  contact: ContactView,
  ctx: EngineContext,
  nodeId: string,
): ConditionOutput {
  // The table is keyed by T, but TypeScript cannot correlate the lookup with `config`.
  return (evaluators[type] as Evaluator<T>)(config, contact, ctx, nodeId);
}

/**
 * Whether a condition node holds for a contact, e.g. for exit "goal" checks while a run waits:
 * `evaluateCondition({ id: 'goal', type: 'condition.score', config: { score: 'SCORE', op: '>=', value: 100 } }, ...)`.
 * Throws an EngineError (not_a_condition, invalid_config) for a node that is not a valid condition.
 */
export function evaluateCondition(
  node: { id: string; type: string; config: unknown },
  contact: ContactView,
  ctx: EngineContext,
): boolean {
  if (!isConditionType(node.type)) {
    throw new EngineError('not_a_condition', `Node ${node.id} (${node.type}) is not a condition`);
  }
  const parsed = parseNodeConfig(node.type, node.config);
  if (!parsed.success) {
    throw invalidConfigError(node, parsed.error.issues);
  }
  return explainCondition(node.type, parsed.data, contact, ctx, node.id).result;
}

function branch<T extends ConditionType>(type: T): Executor<T> {
  return ({ node, config, state }) => {
    const output = explainCondition(type, config, state.contact, state.ctx, node.id);
    return { output, handle: output.result ? 'yes' : 'no' };
  };
}

export const conditionExecutors: ExecutorGroup<'condition'> = {
  'condition.score': branch('condition.score'),
  'condition.attribute': branch('condition.attribute'),
  'condition.hasTag': branch('condition.hasTag'),
  'condition.inList': branch('condition.inList'),
  'condition.engagement': branch('condition.engagement'),
  'condition.grade': branch('condition.grade'),
  'condition.eventCount': branch('condition.eventCount'),
  'condition.split': branch('condition.split'),
};
