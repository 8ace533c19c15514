import type { FitRule } from '@scoreflow/flow';
import { compareValue, readOwn } from './values.js';

/** Whether an attribute rule holds for a contact's attributes, compared as `condition.attribute` does. */
export function fitRuleHolds(rule: FitRule, attributes: Readonly<Record<string, unknown>>): boolean {
  return compareValue(readOwn(attributes, rule.attribute) ?? null, rule.op, rule.value);
}

/** The points each rule counts for now (0 when it does not hold), by rule id. */
export function fitPoints(
  rules: readonly FitRule[],
  attributes: Readonly<Record<string, unknown>>,
): Map<string, number> {
  return new Map(rules.map((rule) => [rule.id, fitRuleHolds(rule, attributes) ? rule.points : 0]));
}

/** The fit score the rules give, from 0. */
export const fitScoreOf = (rules: readonly FitRule[], attributes: Readonly<Record<string, unknown>>) =>
  [...fitPoints(rules, attributes).values()].reduce((a, b) => a + b, 0);
