import { z } from 'zod';
import { formatComparison } from './format.js';
import { AttributeName, PropertyOp, requireValueUnlessExists, ScalarValue } from './nodes/fields.js';

/**
 * Fit × engagement grading, as Marketo's A1-D4: who the person is (fit, from attribute rules) is a
 * letter, what they do (engagement, the model's behaviour score) is a digit. A1 is the best lead.
 */
export const FIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export const FitGrade = z.enum(FIT_GRADES);
export type FitGrade = z.infer<typeof FitGrade>;

export const ENGAGEMENT_TIERS = ['1', '2', '3', '4'] as const;
export const EngagementTier = z.enum(ENGAGEMENT_TIERS);
export type EngagementTier = z.infer<typeof EngagementTier>;

const GRADE = /^[A-D][1-4]$/;

/** A grade: fit letter and engagement digit, "B2". */
export const Grade = z.string().regex(GRADE, 'A grade is a letter A-D and a digit 1-4, e.g. B2');

/** Whether a text is a grade ("B2"), as `Grade` checks it. */
export const isGrade = (text: string) => GRADE.test(text);
export type Grade = z.infer<typeof Grade>;

/** The score attribute rules add to unless a model names another. */
export const DEFAULT_FIT_SCORE = 'FIT';

/** Most attribute rules a model may hold. */
export const MAX_FIT_RULES = 100;

/**
 * One attribute rule: "jobTitle contains VP: +15". The rule's points count in the fit score while the
 * contact's attribute matches, and stop counting when it no longer does.
 */
export const FitRule = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Use 1 to 40 letters, digits, "_" or "-"'),
    attribute: AttributeName,
    op: PropertyOp,
    value: ScalarValue.optional(),
    points: z
      .number()
      .finite()
      .refine((p) => p !== 0, 'A rule worth 0 points changes nothing'),
  })
  .superRefine(requireValueUnlessExists);
export type FitRule = z.infer<typeof FitRule>;

const Threshold = z.number().finite();

/** The lowest fit score of grades A, B and C (below C is D), highest first. */
const FitThresholds = z.strictObject({ A: Threshold, B: Threshold, C: Threshold });
/** The lowest engagement score of tiers 1, 2 and 3 (below 3 is 4), highest first. */
const EngagementThresholds = z.strictObject({ '1': Threshold, '2': Threshold, '3': Threshold });

function decreasing(values: number[], keys: string[], path: string, ctx: z.RefinementCtx) {
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) >= (values[i - 1] as number)) {
      ctx.addIssue({
        code: 'custom',
        message: `${keys[i]} must start below ${keys[i - 1]}`,
        path: [path, keys[i] as string],
      });
    }
  }
}

/** Where each grade starts, set per model. */
export const Grading = z
  .strictObject({ fit: FitThresholds, engagement: EngagementThresholds })
  .superRefine((g, ctx) => {
    decreasing([g.fit.A, g.fit.B, g.fit.C], ['A', 'B', 'C'], 'fit', ctx);
    decreasing([g.engagement['1'], g.engagement['2'], g.engagement['3']], ['1', '2', '3'], 'engagement', ctx);
  });
export type Grading = z.infer<typeof Grading>;

/** Thresholds that fit the default bands: tier 1 is SQL (81+), 2 is MQL (50+), 3 is warm (20+). */
export const DEFAULT_GRADING: Grading = {
  fit: { A: 60, B: 40, C: 20 },
  engagement: { '1': 81, '2': 50, '3': 20 },
};

/** The fit letter of a fit score. */
export function fitGradeOf(fit: number, grading: Grading): FitGrade {
  if (fit >= grading.fit.A) return 'A';
  if (fit >= grading.fit.B) return 'B';
  if (fit >= grading.fit.C) return 'C';
  return 'D';
}

/** The engagement digit of an engagement score. */
export function engagementTierOf(engagement: number, grading: Grading): EngagementTier {
  if (engagement >= grading.engagement['1']) return '1';
  if (engagement >= grading.engagement['2']) return '2';
  if (engagement >= grading.engagement['3']) return '3';
  return '4';
}

/** The grade of a fit and an engagement score: `gradeOf(45, 60, DEFAULT_GRADING)` is "B2". */
export function gradeOf(fit: number, engagement: number, grading: Grading): Grade {
  return `${fitGradeOf(fit, grading)}${engagementTierOf(engagement, grading)}`;
}

/** What grades a contact: a model's two scores and its thresholds. */
export interface GradedModel {
  /** The model's name: conditions and triggers name the model. */
  name: string;
  /** The engagement score (the model's rows add to it). */
  score: string;
  fitScore: string;
  grading: Grading;
}

/** A contact's grade under a model, from its scores (a score it does not have is 0). */
export function contactGrade(model: GradedModel, scores: Readonly<Record<string, number>>): Grade {
  return gradeOf(scores[model.fitScore] ?? 0, scores[model.score] ?? 0, model.grading);
}

/** The list of the contacts of a grade, so grades work as segments ("Lead model: grade A1"). */
export const gradeListName = (model: string, grade: string) => `${model}: grade ${grade}`;

/** Whether a grade is within a choice of letters and digits (an empty or absent choice takes any). */
export function gradeWithin(
  grade: string,
  choice: { fit?: readonly string[] | undefined; engagement?: readonly string[] | undefined },
): boolean {
  const [letter, digit] = [grade.slice(0, 1), grade.slice(1)];
  return (
    (!choice.fit?.length || choice.fit.includes(letter)) &&
    (!choice.engagement?.length || choice.engagement.includes(digit))
  );
}

/** A rule in words: "jobTitle contains \"VP\": +15". */
export function describeFitRule(rule: Pick<FitRule, 'attribute' | 'op' | 'value' | 'points'>): string {
  const points = rule.points > 0 ? `+${rule.points}` : String(rule.points);
  return `${formatComparison(rule.attribute, rule.op, rule.value)}: ${points}`;
}
