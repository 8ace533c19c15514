import type { EventTypeSuggestion, RowNodes } from '@scoreflow/api';
import { PropertyOp, SCORING_STAGES } from '@scoreflow/flow';
import { memo } from 'react';
import { Link } from 'wouter';
import { SelectOf } from '../../components/Field.js';
import type { RowDraft } from './modelDraft.js';

const OPS = PropertyOp.options;

/** One editable row of the model table, with the flow nodes it became at the last generation. */
export const ModelRow = memo(function ModelRow({
  row,
  index,
  salesReadyScore,
  nodes,
  flowId,
  suggestions,
  onChange,
  onRemove,
}: {
  row: RowDraft;
  index: number;
  salesReadyScore: number;
  nodes: RowNodes | undefined;
  /** The event types seen in the data, offered to map an unmapped row. */
  suggestions: readonly EventTypeSuggestion[];
  flowId: string | null;
  onChange: (index: number, patch: Partial<RowDraft>) => void;
  onRemove: (index: number) => void;
}) {
  const n = index + 1;
  const set = (patch: Partial<RowDraft>) => onChange(index, patch);
  const worth = Number(row.worth);
  const unmapped = row.event.trim() === '';
  return (
    <tr data-testid="model-row" data-row-id={row.id} className={unmapped ? 'unmapped' : undefined}>
      <td className="mono">{row.id}</td>
      <td>
        <input
          aria-label={`Row ${n} asset`}
          value={row.asset}
          onChange={(e) => set({ asset: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label={`Row ${n} event`}
          placeholder="page.viewed"
          value={row.event}
          onChange={(e) => set({ event: e.target.value })}
        />
        {unmapped && (
          <div className="unmapped-cell">
            <span className="badge status-paused">Not mapped</span>
            {suggestions.length > 0 ? (
              <select
                aria-label={`Map row ${n} to an event type`}
                value=""
                onChange={(e) => set({ event: e.target.value })}
              >
                <option value="">Choose an event type…</option>
                {suggestions.map((s) => (
                  <option key={s.type} value={s.type}>
                    {s.type} ({s.count} {s.count === 1 ? 'event' : 'events'})
                  </option>
                ))}
              </select>
            ) : (
              <span className="muted small">No events stored yet: type the event</span>
            )}
          </div>
        )}
      </td>
      <td className="filter-cell">
        <input
          aria-label={`Row ${n} filter property`}
          placeholder="property"
          value={row.filterProperty}
          onChange={(e) => set({ filterProperty: e.target.value })}
        />
        <SelectOf
          aria-label={`Row ${n} filter operator`}
          options={OPS}
          value={row.filterOp}
          onValue={(filterOp) => set({ filterOp })}
        />
        {row.filterOp !== 'exists' && (
          <input
            aria-label={`Row ${n} filter value`}
            placeholder="value"
            value={row.filterValue}
            onChange={(e) => set({ filterValue: e.target.value })}
          />
        )}
      </td>
      <td>
        <SelectOf
          aria-label={`Row ${n} stage`}
          options={SCORING_STAGES}
          value={row.stage}
          onValue={(stage) => set({ stage })}
        />
      </td>
      <td className="worth-cell">
        <input
          aria-label={`Row ${n} worth`}
          type="number"
          step="any"
          value={row.worth}
          onChange={(e) => set({ worth: e.target.value })}
        />
        <select
          aria-label={`Row ${n} worth unit`}
          value={row.worthKind}
          onChange={(e) => set({ worthKind: e.target.value as RowDraft['worthKind'] })}
        >
          <option value="points">points</option>
          <option value="readiness">% sales-ready</option>
        </select>
        {row.worthKind === 'readiness' && Number.isFinite(worth) && (
          <span className="muted small"> = {Math.round(worth * salesReadyScore) / 100} points</span>
        )}
      </td>
      <td className="small" data-testid="row-nodes">
        {nodes && flowId ? (
          <Link href={`/flows/${flowId}`}>
            <span className="mono">{nodes.trigger}</span> → <span className="mono">{nodes.action}</span>
          </Link>
        ) : (
          <span className="muted">not generated</span>
        )}
      </td>
      <td>
        <button
          type="button"
          className="link danger-text"
          aria-label={`Remove row ${n}`}
          onClick={() => onRemove(index)}
        >
          Remove
        </button>
      </td>
    </tr>
  );
});
