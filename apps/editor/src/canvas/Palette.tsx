import { getNodeDefinition, NODE_KINDS, NODE_TYPES, type NodeKind } from '@scoreflow/flow';
import { type DragEvent, memo, useMemo, useState } from 'react';
import { NodeIconView } from './nodeIcons.js';

/** The drag payload type for palette items; the canvas accepts only this. */
export const DND_MIME = 'application/x-scoreflow-node';

const KIND_TITLES: Record<NodeKind, string> = {
  trigger: 'Triggers',
  condition: 'Conditions',
  action: 'Actions',
  control: 'Control',
};

type Props = { disabled?: boolean; onAdd(type: string): void };

/** Node types grouped by kind, filtered by a search box; drag onto the canvas or press Enter to add. */
function PaletteView({ disabled, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    return NODE_KINDS.map((kind) => ({
      kind,
      items: NODE_TYPES.map((t) => getNodeDefinition(t)).filter(
        (d) => d.kind === kind && (!q || `${d.label} ${d.description} ${d.type}`.toLowerCase().includes(q)),
      ),
    })).filter((g) => g.items.length > 0);
  }, [query]);

  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(DND_MIME, type);
    e.dataTransfer.effectAllowed = 'move';
  };

  return (
    <aside className="palette" aria-label="Steps">
      <input
        type="search"
        className="palette-search"
        placeholder="Search steps…"
        aria-label="Search steps"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.length === 0 && <p className="muted small">No step matches “{query}”.</p>}
      {groups.map((g) => (
        <section key={g.kind} className="palette-group">
          <h2>{KIND_TITLES[g.kind]}</h2>
          {g.items.map((d) => (
            <button
              type="button"
              key={d.type}
              className={`palette-item kind-${d.kind}`}
              draggable={!disabled}
              disabled={disabled}
              data-testid={`palette-${d.type}`}
              title={`${d.description}\nDrag onto the canvas, or click to add.`}
              onDragStart={(e) => onDragStart(e, d.type)}
              onClick={() => onAdd(d.type)}
            >
              <span className="palette-icon">
                <NodeIconView icon={d.icon} />
              </span>
              <span className="palette-text">
                <span className="palette-label">{d.label}</span>
                <span className="palette-desc">{d.description}</span>
              </span>
            </button>
          ))}
        </section>
      ))}
    </aside>
  );
}

export const Palette = memo(PaletteView);
