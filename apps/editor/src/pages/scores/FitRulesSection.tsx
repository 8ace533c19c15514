import { type ReactNode, useCallback, useId } from 'react';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { FieldNote, invalidProps } from './FieldNote.js';
import { FitRuleRow } from './FitRuleRow.js';
import { emptyFitRule, type FitRuleDraft } from './fitDraft.js';
import type { ModelDraft } from './modelDraft.js';

/** Changes the page's draft from its current state (and marks it unsaved). */
export type DraftUpdate = (change: (d: ModelDraft) => Partial<ModelDraft>) => void;

/**
 * Who the contact is: attribute rules whose points count in the fit score while the attribute
 * matches. Unlike rows they need no flow: the server applies them from the moment they are saved.
 */
export function FitRulesSection({
  fitScore,
  rules,
  errors,
  update,
  children,
}: {
  fitScore: string;
  rules: FitRuleDraft[];
  errors: Record<string, string>;
  update: DraftUpdate;
  /** Actions on the saved rules, after the add button. */
  children?: ReactNode;
}) {
  const id = useId();
  const change = useCallback(
    (index: number, patch: Partial<FitRuleDraft>) =>
      update((d) => ({ fitRules: d.fitRules.map((r, i) => (i === index ? { ...r, ...patch } : r)) })),
    [update],
  );
  const remove = useCallback(
    (index: number) => update((d) => ({ fitRules: d.fitRules.filter((_, i) => i !== index) })),
    [update],
  );
  return (
    <section className="card fit-rules" data-testid="fit-rules" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Fit rules</h2>
      <p className="muted small">
        Who the contact is, from their attributes: while an attribute matches, the rule’s points count in the
        fit score. Rules apply by themselves whenever a contact’s attributes change, from the moment the model
        is saved; no flow is needed.
      </p>
      <label className="score-field">
        Fit score
        <input
          value={fitScore}
          {...invalidProps(`${id}-fit-score`, errors.fitScore)}
          onChange={(e) => update(() => ({ fitScore: e.target.value }))}
        />
        <FieldNote id={`${id}-fit-score`} error={errors.fitScore} />
      </label>
      {rules.length > 0 && (
        <Table
          className="flows-table model-table fit-table"
          testId="fit-rules-table"
          columns={['Rule', 'Attribute', 'Operator', 'Value', 'Points', 'Reads', ACTIONS_COLUMN]}
        >
          {rules.map((rule, i) => (
            <FitRuleRow
              key={rule.id}
              rule={rule}
              index={i}
              errors={errors}
              onChange={change}
              onRemove={remove}
            />
          ))}
        </Table>
      )}
      {rules.length === 0 && (
        <p className="empty-state">No fit rules yet: add the attributes that make a good lead.</p>
      )}
      <div className="fit-actions">
        <button
          type="button"
          onClick={() => update((d) => ({ fitRules: [...d.fitRules, emptyFitRule(d.fitRules)] }))}
        >
          Add fit rule
        </button>
        {children}
      </div>
    </section>
  );
}
