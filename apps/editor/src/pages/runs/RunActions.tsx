import type { RunDetail } from '@scoreflow/api';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { runsApi } from '../../api/runs.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Flash, type FlashMessage } from '../../components/Flash.js';
import { type Action, actionOutcome, applicableActions } from './runView.js';

const LABELS: Record<Action, string> = {
  retry: 'Retry',
  restart: 'Restart on latest',
  cancel: 'Cancel run',
  fastForward: 'Fast-forward wait',
};

/** Retry / Restart / Cancel / Fast-forward for one run; each is recorded on the run by the server. */
export function RunActions({ run, onDone }: { run: RunDetail; onDone(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FlashMessage | null>(null);
  // The last action that went through; its message is derived from the run as it is now.
  const [done, setDone] = useState<{ action: Action; attempt: number } | null>(null);
  const [confirm, setConfirm] = useState<Action | null>(null);
  const [, navigate] = useLocation();

  const act = async (action: Action) => {
    setConfirm(null);
    setBusy(true);
    setMessage(null);
    setDone(null);
    try {
      if (action === 'restart') {
        const next = await runsApi.restart(run.id);
        navigate(`/runs/${next.id}`);
        return;
      }
      const updated = await runsApi[action](run.id);
      await onDone();
      setDone({ action, attempt: updated.attempt });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const actions = applicableActions(run);
  return (
    <div className="toolbar run-actions">
      <Flash message={message ?? (done ? actionOutcome(done, run) : null)} />
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          disabled={busy}
          className={a === 'retry' ? 'primary' : a === 'cancel' ? 'danger' : undefined}
          onClick={() => (a === 'cancel' || a === 'restart' ? setConfirm(a) : void act(a))}
        >
          {LABELS[a]}
        </button>
      ))}
      {confirm === 'cancel' && (
        <ConfirmDialog
          title="Cancel this run?"
          message="The contact leaves the flow now; pending waits are dropped. This cannot be undone."
          confirmLabel="Cancel run"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => void act('cancel')}
        />
      )}
      {confirm === 'restart' && (
        <ConfirmDialog
          title="Restart on the latest version?"
          message="A new run starts from the trigger on the flow's latest published version, with the same trigger event. An active run is cancelled first. Every step runs again, so score changes this run made are applied again: the contact can get the same points twice."
          confirmLabel="Restart"
          onCancel={() => setConfirm(null)}
          onConfirm={() => void act('restart')}
        />
      )}
    </div>
  );
}
