import { API, type Role } from '@scoreflow/api';
import { useState } from 'react';
import { scoringModelsApi } from '../../api/scoring.js';
import { Flash, type FlashMessage } from '../../components/Flash.js';
import { useCurrentRole } from '../admin/useCurrentRole.js';

const mayApply = (role: Role | null) =>
  role !== null && (API.scoringModels.applyFit.permission as readonly Role[]).includes(role);

/**
 * Brings every contact's fit score up to the saved rules now. Rules apply by themselves on attribute
 * changes; this is for the contacts whose attributes did not change since. It applies what is saved,
 * so it waits while the page has unsaved changes.
 */
export function ApplyFitButton({ modelId, dirty }: { modelId: string; dirty: boolean }) {
  const role = useCurrentRole();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FlashMessage | null>(null);
  if (!mayApply(role)) return null;
  const apply = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const { contacts, changed } = await scoringModelsApi.applyFit(modelId);
      setMessage({ kind: 'ok', text: `Fit rules applied: ${changed} of ${contacts} contacts changed` });
    } catch (e) {
      setMessage({ kind: 'error', text: `Fit rules not applied: ${(e as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="apply-fit">
      <button
        type="button"
        onClick={() => void apply()}
        disabled={busy || dirty}
        title={dirty ? 'Save the model first: the saved rules are applied' : undefined}
      >
        {busy ? 'Applying…' : 'Apply fit rules to all contacts'}
      </button>
      {dirty && <span className="muted small"> Save first: the saved rules are applied.</span>}
      <Flash message={message} />
    </div>
  );
}
