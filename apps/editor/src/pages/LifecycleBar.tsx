import type { FlowSummary } from '@scoreflow/api';
import { hasErrors } from '@scoreflow/flow';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { flowsApi } from '../api/flows.js';
import { Flash, type FlashMessage } from '../components/Flash.js';
import { useEditor } from '../store/context.js';

type Props = {
  meta: FlowSummary;
  onMeta(m: FlowSummary): void;
  save(): Promise<boolean>;
  readOnly: boolean;
  onPublished(): void;
};

/** Save, Publish and Activate/Pause, with the reason when one is not possible. */
export function LifecycleBar({ meta, onMeta, save, readOnly, onPublished }: Props) {
  const blocked = useEditor((s) => hasErrors(s.diagnostics));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FlashMessage | null>(null);

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ kind: 'ok', text: await what() });
    } catch (e) {
      const err = e as Error;
      const more =
        e instanceof ApiError && e.errors.length ? ` (${e.errors.map((d) => d.message).join('; ')})` : '';
      setMessage({ kind: 'error', text: `${err.message}${more}` });
    } finally {
      setBusy(false);
    }
  };

  const publish = () =>
    act(async () => {
      if (!(await save())) throw new Error('Save failed, so nothing was published');
      const v = await flowsApi.publish(meta.id);
      onMeta(await flowsApi.get(meta.id));
      onPublished();
      return `Published version ${v.version}`;
    });

  const toggle = () =>
    act(async () => {
      const active = meta.status === 'active';
      const rec = active ? await flowsApi.pause(meta.id) : await flowsApi.activate(meta.id);
      onMeta(rec);
      return active ? 'Paused: no new contacts enter' : `Active: version ${rec.latestVersion} is running`;
    });

  if (readOnly) return null;
  return (
    <div className="toolbar lifecycle">
      <Flash message={message} />
      <button type="button" disabled={busy} onClick={() => void save()} title="Save the draft (Ctrl/⌘+S)">
        Save
      </button>
      <button
        type="button"
        className="primary"
        disabled={busy || blocked}
        onClick={() => void publish()}
        title={
          blocked ? 'Fix the errors listed under Problems to publish' : 'Freeze this draft as a new version'
        }
      >
        Publish
      </button>
      <button
        type="button"
        disabled={busy || meta.latestVersion === null}
        onClick={() => void toggle()}
        title={meta.latestVersion === null ? 'Publish a version first' : undefined}
      >
        {meta.status === 'active' ? 'Pause' : 'Activate'}
      </button>
    </div>
  );
}
