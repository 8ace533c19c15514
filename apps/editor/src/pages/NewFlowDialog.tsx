import { type FormEvent, useState } from 'react';
import { FormAlert } from '../components/ErrorBanner.js';
import { Field } from '../components/Field.js';
import { Modal } from '../components/Modal.js';
import { useAction } from '../components/useAction.js';

type Props = {
  /** Creates the flow and leaves the page; a failure stays in the dialog. */
  onCreate(name: string): Promise<unknown>;
  onClose(): void;
};

/** Asks for a new flow's name before creating it, so no list fills up with "Untitled flow". */
export function NewFlowDialog({ onCreate, onClose }: Props) {
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const { run, busy, error } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setMissing(true);
      return;
    }
    void run(() => onCreate(trimmed));
  };
  return (
    <Modal title="New flow" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field
          label="Flow name"
          labelClass="modal-field"
          value={name}
          maxLength={200}
          autoFocus
          placeholder="e.g. Qualify webinar leads"
          error={missing ? 'Enter a name for the flow' : error?.fields.name}
          onValue={(v) => {
            setName(v);
            if (v.trim() !== '') setMissing(false);
          }}
        />
        <FormAlert error={error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Create flow
          </button>
        </div>
      </form>
    </Modal>
  );
}
