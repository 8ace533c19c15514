import { useId } from 'react';
import { FieldNote, invalidProps } from './FieldNote.js';
import type { DraftUpdate } from './FitRulesSection.js';
import type { GradingDraft } from './fitDraft.js';

type Axis = keyof GradingDraft;

/** The three thresholds of an axis, each the lowest score of its grade, highest first. */
const THRESHOLDS: Record<Axis, readonly string[]> = { fit: ['A', 'B', 'C'], engagement: ['1', '2', '3'] };

/**
 * Fit × engagement grades (A1 is the best lead, D4 the least): where each fit letter and engagement
 * digit starts. Graded contacts are also in a list per grade ("Lead model: grade A1").
 */
export function GradesSection({
  grade,
  grading,
  score,
  fitScore,
  errors,
  update,
}: {
  grade: boolean;
  grading: GradingDraft;
  /** The engagement score (the rows') and the fit score, named in the labels. */
  score: string;
  fitScore: string;
  errors: Record<string, string>;
  update: DraftUpdate;
}) {
  const id = useId();
  const axis = (name: Axis, legend: string, scoreName: string, last: string) => (
    <fieldset className="grade-axis" data-testid={`grades-${name}`}>
      <legend>{legend}</legend>
      {THRESHOLDS[name].map((key) => {
        const error = errors[`grading/${name}/${key}`];
        const noteId = `${id}-${name}-${key}`;
        const value = (grading[name] as Record<string, string>)[key] ?? '';
        return (
          <label key={key} className="score-field">
            {key} from {name} score
            <input
              type="number"
              step="any"
              className="narrow"
              value={value}
              {...invalidProps(noteId, error)}
              onChange={(e) =>
                update((d) => ({
                  grading: { ...d.grading, [name]: { ...d.grading[name], [key]: e.target.value } },
                }))
              }
            />
            <FieldNote id={noteId} error={error} />
          </label>
        );
      })}
      <p className="muted small">
        {scoreName} at or above a threshold gives its grade; below the last one is {last}.
      </p>
    </fieldset>
  );
  return (
    <section className="card grades" data-testid="grades" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Grades</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={grade}
          onChange={(e) => update(() => ({ grade: e.target.checked }))}
        />{' '}
        Grade contacts (A1–D4)
      </label>
      <p className="muted small">
        A letter for fit ({fitScore || 'the fit score'}), a digit for engagement ({score || 'the score'}): A1
        is the best lead, D4 the least. Each graded contact is also in the list of its grade.
      </p>
      <FieldNote id={`${id}-grading`} error={errors.grading} />
      {grade && (
        <div className="grade-axes">
          {axis('fit', `Fit letters, from ${fitScore || 'the fit score'}`, fitScore || 'The fit score', 'D')}
          {axis('engagement', `Engagement digits, from ${score || 'the score'}`, score || 'The score', '4')}
        </div>
      )}
    </section>
  );
}
