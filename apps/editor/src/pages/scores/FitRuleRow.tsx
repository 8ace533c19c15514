import { PropertyOp } from '@scoreflow/flow';
import { memo, useId } from 'react';
import { SelectOf } from '../../components/Field.js';
import { OPTION_LABELS } from '../../panels/form/jsonSchema.js';
import { FieldNote, invalidProps } from './FieldNote.js';
import { type FitRuleDraft, fitRuleInWords } from './fitDraft.js';

const OPS = PropertyOp.options;

/** One editable attribute rule; each input shows the server's error for it right below. */
export const FitRuleRow = memo(function FitRuleRow({
  rule,
  index,
  errors,
  onChange,
  onRemove,
}: {
  rule: FitRuleDraft;
  index: number;
  /** The page's field errors by pointer without its slash ("fitRules/0/value"). */
  errors: Record<string, string>;
  onChange: (index: number, patch: Partial<FitRuleDraft>) => void;
  onRemove: (index: number) => void;
}) {
  const id = useId();
  const n = index + 1;
  const set = (patch: Partial<FitRuleDraft>) => onChange(index, patch);
  const error = (field: string) => errors[`fitRules/${index}/${field}`];
  const cell = (field: 'attribute' | 'value' | 'points', label: string, type: 'text' | 'number') => (
    <>
      <input
        aria-label={`Fit rule ${n} ${label}`}
        type={type}
        step={type === 'number' ? 'any' : undefined}
        placeholder={field === 'attribute' ? 'jobTitle' : undefined}
        value={rule[field]}
        {...invalidProps(`${id}-${field}`, error(field))}
        onChange={(e) => set({ [field]: e.target.value })}
      />
      <FieldNote id={`${id}-${field}`} error={error(field)} />
    </>
  );
  return (
    <tr data-testid="fit-rule" data-rule-id={rule.id}>
      <td className="mono">{rule.id}</td>
      <td>{cell('attribute', 'attribute', 'text')}</td>
      <td>
        <SelectOf
          aria-label={`Fit rule ${n} operator`}
          options={OPS}
          // The words the flow forms use for the same operators.
          text={(op) => OPTION_LABELS[op] ?? op}
          value={rule.op}
          {...invalidProps(`${id}-op`, error('op'))}
          onValue={(op) => set({ op })}
        />
        <FieldNote id={`${id}-op`} error={error('op')} />
      </td>
      <td>
        {rule.op === 'exists' ? (
          <span className="muted small">no value</span>
        ) : (
          cell('value', 'value', 'text')
        )}
      </td>
      <td className="points-cell">{cell('points', 'points', 'number')}</td>
      <td className="small muted" data-testid="fit-rule-words">
        {fitRuleInWords(rule)}
      </td>
      <td>
        <button
          type="button"
          className="link danger-text"
          aria-label={`Remove fit rule ${n}`}
          onClick={() => onRemove(index)}
        >
          Remove
        </button>
      </td>
    </tr>
  );
});
