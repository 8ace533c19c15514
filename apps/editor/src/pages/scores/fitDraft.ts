import {
  DEFAULT_GRADING,
  describeFitRule,
  type FitRule,
  type Grading,
  type PropertyOp,
  type ScalarValue,
  type ScoringModel,
} from '@scoreflow/flow';

/** One attribute rule as the editor holds it: text fields, so half-typed values survive until saved. */
export interface FitRuleDraft {
  id: string;
  attribute: string;
  op: PropertyOp;
  value: string;
  /**
   * The value as stored, kept while its text is unchanged: "plan is 200" may compare with the number
   * 200 (set through the API), which the text "200" alone would turn into the string "200".
   */
  stored: ScalarValue | undefined;
  points: string;
}

/** Grade thresholds as typed, by the names the API uses (fit A/B/C, engagement 1/2/3). */
export interface GradingDraft {
  fit: { A: string; B: string; C: string };
  engagement: { '1': string; '2': string; '3': string };
}

/** The fit half of a model draft: the fit score, its rules, and whether and how contacts are graded. */
export interface FitDraft {
  fitScore: string;
  fitRules: FitRuleDraft[];
  /** Off means `grading: null`; the thresholds stay as typed, so switching back on keeps them. */
  grade: boolean;
  grading: GradingDraft;
}

const NUMERIC_OPS: readonly PropertyOp[] = ['gt', 'gte', 'lt', 'lte'];

/** Comparison operators compare numbers; the others compare the text as typed. */
export function typedValue(op: PropertyOp, text: string): ScalarValue {
  return NUMERIC_OPS.includes(op) && text.trim() !== '' && Number.isFinite(Number(text))
    ? Number(text)
    : text;
}

/** A number as typed; blank is NaN, sent as null, so the server points at the field left empty. */
export const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function gradingDraftOf(g: Grading): GradingDraft {
  return {
    fit: { A: String(g.fit.A), B: String(g.fit.B), C: String(g.fit.C) },
    engagement: {
      '1': String(g.engagement['1']),
      '2': String(g.engagement['2']),
      '3': String(g.engagement['3']),
    },
  };
}

function gradingOf(d: GradingDraft): Grading {
  return {
    fit: { A: numberOf(d.fit.A), B: numberOf(d.fit.B), C: numberOf(d.fit.C) },
    engagement: {
      '1': numberOf(d.engagement['1']),
      '2': numberOf(d.engagement['2']),
      '3': numberOf(d.engagement['3']),
    },
  };
}

function ruleDraftOf(rule: FitRule): FitRuleDraft {
  return {
    id: rule.id,
    attribute: rule.attribute,
    op: rule.op,
    value: rule.value === undefined ? '' : String(rule.value),
    stored: rule.value,
    points: String(rule.points),
  };
}

/** The rule a draft stands for, as it is sent (and described). */
export function fitRuleOf(r: FitRuleDraft): FitRule {
  const rule: FitRule = { id: r.id, attribute: r.attribute.trim(), op: r.op, points: numberOf(r.points) };
  if (r.op === 'exists') return rule;
  const unchanged = r.stored !== undefined && String(r.stored) === r.value;
  return { ...rule, value: unchanged ? (r.stored as ScalarValue) : typedValue(r.op, r.value) };
}

/** The rule as the ledger will name it, once it has an attribute and points; blank until then. */
export function fitRuleInWords(draft: FitRuleDraft): string {
  const rule = fitRuleOf(draft);
  return rule.attribute && Number.isFinite(rule.points) ? describeFitRule(rule) : '';
}

export function fitDraftOf(model: ScoringModel): FitDraft {
  return {
    fitScore: model.fitScore,
    fitRules: model.fitRules.map(ruleDraftOf),
    grade: model.grading !== null,
    grading: gradingDraftOf(model.grading ?? DEFAULT_GRADING),
  };
}

export function fitInputOf(d: FitDraft): Pick<ScoringModel, 'fitScore' | 'fitRules' | 'grading'> {
  return {
    fitScore: d.fitScore.trim(),
    fitRules: d.fitRules.map(fitRuleOf),
    grading: d.grade ? gradingOf(d.grading) : null,
  };
}

/** A fresh rule id: `f<n>`, the first number no rule uses yet. */
export function nextFitRuleId(rules: readonly FitRuleDraft[]): string {
  const used = new Set(rules.map((r) => r.id));
  let n = rules.length + 1;
  while (used.has(`f${n}`)) n++;
  return `f${n}`;
}

export function emptyFitRule(rules: readonly FitRuleDraft[]): FitRuleDraft {
  return { id: nextFitRuleId(rules), attribute: '', op: 'eq', value: '', stored: undefined, points: '10' };
}
