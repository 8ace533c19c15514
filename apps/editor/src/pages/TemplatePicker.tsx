import type { FlowDocument } from '@scoreflow/flow';
import { Modal } from '../components/Modal.js';
import { FLOW_TEMPLATES } from '../templates/templates.js';

/** The flow templates as cards; picking one builds its document. */
export function TemplateGrid({ onPick }: { onPick(doc: FlowDocument): void }) {
  return (
    <div className="template-grid">
      {FLOW_TEMPLATES.map((t) => (
        <button key={t.id} type="button" className="template-card" onClick={() => onPick(t.build())}>
          <strong>{t.name}</strong>
          <span>{t.description}</span>
        </button>
      ))}
    </div>
  );
}

/** A modal gallery of flow templates. */
export function TemplatePicker({ onPick, onClose }: { onPick(doc: FlowDocument): void; onClose(): void }) {
  return (
    <Modal title="Start from a template" onClose={onClose} wide>
      <TemplateGrid onPick={onPick} />
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
