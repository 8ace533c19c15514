import {
  type CapVerdict,
  capApplies,
  checkCaps,
  clampScore,
  DEFAULT_HANDLE,
  describeWindow,
  type NodeConfig,
  stepSendWindow,
} from '@scoreflow/flow';
import { describeMoment, nextOpening } from '../localTime.js';
import type { RunState } from '../state.js';
import type { Effect } from '../types.js';
import type { ExecutorGroup, Outcome } from './types.js';

/**
 * The new value of an adjusted score. Floor and cap bound the result, but an adjustment never
 * moves a score against its own sign: a contact already above the cap keeps its score when it
 * gains points instead of being pulled down to the cap.
 */
export function adjustedScore(previous: number, config: NodeConfig<'action.adjustScore'>): number {
  const value = clampScore(previous + config.delta, config);
  const against = config.delta > 0 ? value < previous : value > previous;
  return against ? previous : value;
}

const tighter = (a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) =>
  a === undefined ? b : b === undefined ? a : pick(a, b);

/** Continues on 'next', telling whether the node changed anything (no-op adds are not effects). */
function next(output: Record<string, unknown>, effect: Effect | undefined): Outcome {
  return { output: { ...output, changed: effect !== undefined }, handle: DEFAULT_HANDLE };
}

export const actionExecutors: ExecutorGroup<'action'> = {
  'action.adjustScore': ({ node, config, state }) => {
    const previous = state.score(config.score);
    // The tighter of the node's bounds and the score definition's bounds wins.
    const def = state.bounds(config.score);
    const floor = tighter(config.floor, def.floor, Math.max);
    const cap = tighter(config.cap, def.cap, Math.min);
    // A rate-limited gain only adds what is left of the allowance in the window.
    let delta = config.delta;
    let limited = false;
    if (config.limit !== undefined && delta > 0 && state.ctx.recentGain) {
      const gained = state.ctx.recentGain(node.id, state.ctx.now - (config.limitDays ?? 1) * 86_400_000);
      const allowed = Math.max(0, config.limit - gained);
      if (allowed < delta) {
        delta = allowed;
        limited = true;
      }
    }
    if (delta === 0) {
      return next({ score: config.score, delta: 0, previous, value: previous, limited }, undefined);
    }
    const value = adjustedScore(previous, { ...config, delta, floor, cap });
    const effect = state.setScore(node.id, config.score, value);
    return next(
      { score: config.score, delta: value - previous, previous, value, ...(limited ? { limited } : {}) },
      effect,
    );
  },
  'action.setScore': ({ node, config, state }) => {
    const previous = state.score(config.score);
    const value = clampScore(config.value, state.bounds(config.score));
    const effect = state.setScore(node.id, config.score, value);
    return next({ score: config.score, previous, value }, effect);
  },
  'action.setAttribute': ({ node, config, state }) => {
    const effect = state.setAttribute(node.id, config.attribute, config.value);
    return next({ attribute: config.attribute, value: config.value }, effect);
  },
  'action.addTag': ({ node, config, state }) =>
    next({ tag: config.tag }, state.tag(node.id, config.tag, 'add')),
  'action.removeTag': ({ node, config, state }) =>
    next({ tag: config.tag }, state.tag(node.id, config.tag, 'remove')),
  'action.addToList': ({ node, config, state }) =>
    next({ list: config.list }, state.list(node.id, config.list, 'add')),
  'action.removeFromList': ({ node, config, state }) =>
    next({ list: config.list }, state.list(node.id, config.list, 'remove')),
  'action.sendEmail': ({ node, config, state }) => {
    // Consent wins over the flow: the branch goes on, but no email is queued.
    if (state.contact.unsubscribed === true) {
      return { output: { template: config.template, skipped: 'unsubscribed' }, handle: DEFAULT_HANDLE };
    }
    const outside = outsideSendWindow(node.id, config, state);
    if (outside) return { ...outside, output: { template: config.template, ...outside.output } };
    const capped = frequencyCap(config.category, state);
    if (capped !== undefined) {
      // Never silently: the step says which cap held the email back, and what became of it.
      const output = { template: config.template, capped: capped.reason, rule: capped.rule };
      if (config.whenCapped === 'skip')
        return { output: { ...output, skipped: 'frequency cap' }, handle: DEFAULT_HANDLE };
      return {
        output: { ...output, postponedUntil: capped.freeAt },
        wait: { nodeId: node.id, kind: 'delay', dueAt: capped.freeAt },
      };
    }
    state.record({ kind: 'outbound', nodeId: node.id, nodeType: 'action.sendEmail', config });
    return { output: { template: config.template }, handle: DEFAULT_HANDLE };
  },
  'action.webhook': ({ node, config, state }) => {
    const outside = outsideSendWindow(node.id, config, state);
    if (outside) return { ...outside, output: { url: config.url, ...outside.output } };
    state.record({ kind: 'outbound', nodeId: node.id, nodeType: 'action.webhook', config });
    return { output: { url: config.url }, handle: DEFAULT_HANDLE };
  },
  'action.notifySales': ({ node, config, state }) => {
    state.record({ kind: 'outbound', nodeId: node.id, nodeType: 'action.notifySales', config });
    return { output: { to: config.to }, handle: DEFAULT_HANDLE };
  },
};

/**
 * The frequency cap that holds an email of `category` back now, if any. The store counts the emails
 * already queued; this run's own, recorded in this invocation and not written yet, count too.
 */
function frequencyCap(category: string | undefined, state: RunState): CapVerdict | undefined {
  const { ctx } = state;
  const rules = ctx.frequencyCaps?.() ?? [];
  if (rules.length === 0 || ctx.emailsSent === undefined) return undefined;
  const emailsSent = ctx.emailsSent;
  return checkCaps(rules, category, ctx.now, (rule, sinceMs) => {
    const stored = emailsSent(rule.category, sinceMs);
    const own = state.effects.filter(
      (e) =>
        e.kind === 'outbound' && e.nodeType === 'action.sendEmail' && capApplies(rule, e.config.category),
    ).length;
    return { count: stored.count + own, oldestAt: stored.oldestAt ?? (own > 0 ? ctx.now : null) };
  });
}

/**
 * A send that falls outside the flow's send window waits at its step for the window's next opening
 * on the contact's clock, then runs again (and sends, if a frequency cap does not hold it back then).
 * A step may keep to a window of its own instead of the flow's. Undefined when it may go now: inside
 * the window, without one, or on a step that goes at any time.
 */
function outsideSendWindow(
  nodeId: string,
  config: Parameters<typeof stepSendWindow>[0],
  state: RunState,
): Pick<Outcome, 'output' | 'wait'> | undefined {
  const window = stepSendWindow(config, state.settings.sendWindow);
  if (window === undefined) return undefined;
  const zone = state.zone();
  const opensAt = nextOpening(window, zone, state.ctx.now);
  if (opensAt <= state.ctx.now) return undefined;
  return {
    output: {
      outsideWindow: `${describeWindow(window)} ${zone}`,
      waitsUntil: describeMoment(opensAt, zone),
      dueAt: opensAt,
    },
    wait: { nodeId, kind: 'delay', dueAt: opensAt },
  };
}
