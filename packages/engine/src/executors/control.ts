import { abTestBranch, DEFAULT_HANDLE, HOLDOUT_BRANCH, type NodeType } from '@scoreflow/flow';
import { splitBucket } from '../hash.js';
import { dateAttributeMoment, describeMoment, nextDayAt } from '../localTime.js';
import type { EngineInput } from '../types.js';
import { readOwn } from '../values.js';
import type { ExecutorGroup } from './types.js';

export const controlExecutors: ExecutorGroup<'control'> = {
  'control.wait': ({ node, config, state }) => {
    const dueAt = state.ctx.now + config.seconds * 1000;
    return { output: { seconds: config.seconds, dueAt }, wait: { nodeId: node.id, kind: 'delay', dueAt } };
  },
  'control.waitForEvent': ({ node, config, state }) => {
    const dueAt = state.ctx.now + config.timeoutSeconds * 1000;
    return {
      output: { event: config.event, timeoutSeconds: config.timeoutSeconds, dueAt },
      wait: { nodeId: node.id, kind: 'event', eventType: config.event, dueAt },
    };
  },
  'control.abTest': ({ node, config, state }) => {
    const bucket = splitBucket(state.ctx.flowId, state.contact.id, node.id);
    const branch = abTestBranch(config, bucket);
    // A held-out contact's branch ends here: it gets nothing, and the run completes.
    if (branch === HOLDOUT_BRANCH) return { output: { branch, bucket, holdout: config.holdout } };
    const index = branch.charCodeAt(0) - 'A'.charCodeAt(0);
    return { output: { branch, variant: config.variants[index]?.name ?? branch, bucket }, handle: branch };
  },
  'control.waitUntilTime': ({ node, config, state }) => {
    const zone = state.zone();
    const dueAt = nextDayAt(config.days, config.time, zone, state.ctx.now);
    return {
      output: { dueAt, until: describeMoment(dueAt, zone) },
      wait: { nodeId: node.id, kind: 'delay', dueAt },
    };
  },
  'control.waitUntilDate': ({ node, config, state }) => {
    const zone = state.zone();
    const value = readOwn(state.contact.attributes, config.attribute);
    const dueAt = dateAttributeMoment(value, config.offsetDays, config.time, zone);
    // Said on the step rather than failing the run: a contact without the date goes on.
    if (dueAt === undefined)
      return {
        output: { attribute: config.attribute, value: value ?? null, wentOn: 'the attribute holds no date' },
        handle: DEFAULT_HANDLE,
      };
    if (dueAt <= state.ctx.now)
      return {
        output: {
          attribute: config.attribute,
          dueAt,
          until: describeMoment(dueAt, zone),
          wentOn: 'the date is past',
        },
        handle: DEFAULT_HANDLE,
      };
    return {
      output: { attribute: config.attribute, dueAt, until: describeMoment(dueAt, zone) },
      wait: { nodeId: node.id, kind: 'delay', dueAt },
    };
  },
  'control.exit': ({ node, config }) => {
    const reason = config.reason ?? `Exit at ${node.label ?? node.id}`;
    return { output: { reason }, exit: reason };
  },
};

type ResumeOutcome = Extract<EngineInput, { kind: 'resume' }>['outcome'];

/**
 * The handle a wait node continues on when it is resumed, or undefined when the outcome does not
 * fit the node. 'elapsed' and 'timeout' both mean "the time ran out", so a runtime that reports
 * either for a due delayed job lands on the right branch.
 */
export function resumeHandle(type: NodeType, outcome: ResumeOutcome): string | undefined {
  if (type === 'control.wait' || type === 'control.waitUntilTime' || type === 'control.waitUntilDate')
    return outcome === 'event' ? undefined : DEFAULT_HANDLE;
  if (type === 'control.waitForEvent') return outcome === 'event' ? 'event' : 'timeout';
  return undefined;
}
