import type { FlowSummary } from '@scoreflow/api';
import { useState } from 'react';
import { Link } from 'wouter';
import { DeleteButton } from '../components/DeleteButton.js';
import { relativeTime } from '../components/time.js';

type Props = {
  flow: FlowSummary;
  onRename(name: string): void;
  onDuplicate(): void;
  onExport(): void;
  onDelete(): void;
};

/** One flow in the list, with inline rename. */
export function FlowRow({ flow, onRename, onDuplicate, onExport, onDelete }: Props) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(flow.name);
  const commit = () => {
    setEditing(false);
    if (name.trim() && name.trim() !== flow.name) onRename(name.trim());
    else setName(flow.name);
  };
  return (
    <tr data-testid="flow-row" data-flow-id={flow.id}>
      <td className="flow-name">
        {editing ? (
          <input
            aria-label="Flow name"
            value={name}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this row
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') {
                setName(flow.name);
                setEditing(false);
              }
            }}
          />
        ) : (
          <Link href={`/flows/${flow.id}`}>{flow.name}</Link>
        )}
      </td>
      <td>
        <span className={`badge status-${flow.status}`}>{flow.status}</span>
      </td>
      <td>
        {flow.latestVersion === null ? (
          <span className="muted">not published</span>
        ) : (
          `v${flow.latestVersion}`
        )}
      </td>
      <td title={new Date(flow.updatedAt).toLocaleString()}>{relativeTime(flow.updatedAt)}</td>
      <td className="row-actions">
        <Link href={`/flows/${flow.id}/report`} className="button">
          Report
        </Link>
        <button type="button" onClick={() => setEditing(true)}>
          Rename
        </button>
        <button type="button" onClick={onDuplicate}>
          Duplicate
        </button>
        <button type="button" onClick={onExport}>
          Export
        </button>
        <DeleteButton onClick={onDelete} />
      </td>
    </tr>
  );
}
