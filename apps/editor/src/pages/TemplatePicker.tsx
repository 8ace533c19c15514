import type { FlowDocument } from '@scoreflow/flow';
import { useEffect } from 'react';
import { FLOW_TEMPLATES } from '../templates/templates.js';

/** A modal gallery of flow templates. */
export function TemplatePicker({ onPick, onClose }: { onPick(doc: FlowDocument): void; onClose(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-modal="true" aria-labelledby="tpl-title">
        <h2 id="tpl-title">Start from a template</h2>
        <div className="template-grid">
          {FLOW_TEMPLATES.map((t) => (
            <button key={t.id} type="button" className="template-card" onClick={() => onPick(t.build())}>
              <strong>{t.name}</strong>
              <span>{t.description}</span>
            </button>
          ))}
        </div>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
