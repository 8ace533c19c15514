import { contactGrade, DEFAULT_HANDLE } from '@scoreflow/flow';
import { readOwn } from '../values.js';
import type { ExecutorGroup } from './types.js';

// A trigger only starts a run; the runtime has already decided that it fired. Reached mid-graph
// (validation forbids edges into triggers) it simply passes through.
export const triggerExecutors: ExecutorGroup<'trigger'> = {
  'trigger.event': ({ config, state }) => ({
    output: { event: config.event, ...(state.event ? { eventId: state.event.id } : {}) },
    handle: DEFAULT_HANDLE,
  }),
  'trigger.scoreThreshold': ({ config, state }) => ({
    output: {
      score: config.score,
      threshold: config.value,
      direction: config.direction,
      value: state.score(config.score),
    },
    handle: DEFAULT_HANDLE,
  }),
  'trigger.tagAdded': ({ config }) => ({ output: { tag: config.tag }, handle: DEFAULT_HANDLE }),
  'trigger.listJoined': ({ config }) => ({ output: { list: config.list }, handle: DEFAULT_HANDLE }),
  'trigger.bandChanged': ({ config }) => ({
    output: { score: config.score, band: config.band ?? null },
    handle: DEFAULT_HANDLE,
  }),
  'trigger.engagementChanged': ({ config, state }) => ({
    output: { to: config.to ?? null, level: state.contact.engagement },
    handle: DEFAULT_HANDLE,
  }),
  'trigger.gradeChanged': ({ config, state }) => {
    const model = state.ctx.gradedModel?.(config.model);
    return {
      output: { model: config.model, grade: model ? contactGrade(model, state.contact.scores) : null },
      handle: DEFAULT_HANDLE,
    };
  },
  'trigger.accountThreshold': ({ config, state }) => ({
    output: { score: config.score, threshold: config.value, value: state.score(config.score) },
    handle: DEFAULT_HANDLE,
  }),
  'trigger.attributeChanged': ({ config, state }) => ({
    output: {
      attribute: config.attribute,
      value: readOwn(state.contact.attributes, config.attribute) ?? null,
    },
    handle: DEFAULT_HANDLE,
  }),
};
