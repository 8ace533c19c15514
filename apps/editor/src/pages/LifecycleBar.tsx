import type { FlowSummary, WaitingPosition } from '@scoreflow/api';
import {
  diffFlows,
  type FlowDiff,
  type FlowDocument,
  getNodeDefinition,
  hasErrors,
  nodeName,
} from '@scoreflow/flow';
import { type MouseEvent, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../api/client.js';
import { flowsApi } from '../api/flows.js';
import { runsApi } from '../api/runs.js';
import { versionMovesApi } from '../api/versionMoves.js';
import { Flash, type FlashMessage } from '../components/Flash.js';
import { useEditor, useEditorStoreApi } from '../store/context.js';
import { moveOutcome } from './moveOutcome.js';
import { PublishDialog } from './PublishDialog.js';
import { useDraftUnchanged } from './useDraftUnchanged.js';
import { usePublishedDocument } from './usePublishedDocument.js';
import type { DraftStep, MoveChoice } from './WaitingContacts.js';

type Props = {
  meta: FlowSummary;
  onMeta(m: FlowSummary): void;
  save(): Promise<boolean>;
  readOnly: boolean;
  onPublished(): void;
  /** Told whether the draft equals the latest published version (undefined: not known yet). */
  onDraftUnchanged?(unchanged: boolean | undefined): void;
};

/** What the publish dialog shows once the draft is saved and the runs are counted. */
type Pending = {
  diff: FlowDiff | null;
  activeRuns: number | null;
  positions: WaitingPosition[] | null;
  steps: DraftStep[];
};

/** Where contacts wait in the flow; null when that cannot be loaded (the dialog then offers no move). */
async function loadPositions(flowId: string): Promise<WaitingPosition[] | null> {
  try {
    return await versionMovesApi.positions(flowId);
  } catch {
    return null;
  }
}

/** The draft's steps a moved contact can be sent to: every step but the triggers. */
function draftSteps(doc: FlowDocument): DraftStep[] {
  return doc.nodes
    .filter((n) => getNodeDefinition(n.type)?.kind !== 'trigger')
    .map((n) => ({ id: n.id, name: nodeName(doc, n.id).text }));
}

/** Runs still going on the flow; every one of them is on an already published version. */
async function countActiveRuns(flowId: string): Promise<number | null> {
  try {
    const { counts } = await runsApi.list({ flowId, limit: 1 });
    return (counts.running ?? 0) + (counts.waiting ?? 0);
  } catch {
    return null;
  }
}

/** An error with what the server listed: the flow's problems, or a field's ("/missing/nodeId"). */
function errorText(e: unknown): string {
  const err = e as Error;
  if (!(e instanceof ApiError)) return err.message;
  const listed = [...e.errors.map((d) => d.message), ...Object.values(e.fields)];
  return listed.length ? `${err.message} (${listed.join('; ')})` : err.message;
}

/** Save, Publish and Activate/Pause, with the reason when one is not possible. */
export function LifecycleBar({ meta, onMeta, save, readOnly, onPublished, onDraftUnchanged }: Props) {
  const store = useEditorStoreApi();
  const blocked = useEditor((s) => hasErrors(s.diagnostics));
  const published = usePublishedDocument(meta.id, meta.latestVersion);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FlashMessage | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const sameAsPublished = useDraftUnchanged(store, published);
  const unchanged = sameAsPublished === true;
  const [, navigate] = useLocation();
  const reportHref = `/flows/${meta.id}/report`;
  // Leaving for the report saves first, as leaving through the app does; a click that opens a new
  // tab leaves this one as it is.
  const openReport = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void save().then((saved) => {
      if (saved) navigate(reportHref);
      else setMessage({ kind: 'error', text: 'Save failed, so the editor stays open' });
    });
  };
  useEffect(() => onDraftUnchanged?.(sameAsPublished), [sameAsPublished, onDraftUnchanged]);

  const act = async (what: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await what();
      if (text !== null) setMessage({ kind: 'ok', text });
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const review = () =>
    act(async () => {
      if (!(await save())) throw new Error('Save failed, so nothing was published');
      // Still loading (or failed to load) the last version: fetch it now rather than call this a first version.
      const base =
        published !== undefined || meta.latestVersion === null
          ? (published ?? null)
          : (await flowsApi.version(meta.id, meta.latestVersion)).document;
      const draft = store.getState().document();
      const current = base ? diffFlows(base, draft) : null;
      // Before a first version nobody can be waiting anywhere.
      const [activeRuns, positions] = await Promise.all([
        countActiveRuns(meta.id),
        meta.latestVersion === null ? [] : loadPositions(meta.id),
      ]);
      setPending({ diff: current, activeRuns, positions, steps: draftSteps(draft) });
      return null;
    });

  const publish = (choice: MoveChoice, steps: DraftStep[]) =>
    act(async () => {
      if (!(await save())) throw new Error('Save failed, so nothing was published');
      const v = await flowsApi.publish(meta.id);
      setPending(null);
      onMeta(await flowsApi.get(meta.id));
      onPublished();
      const done = `Published version ${v.version}`;
      if (!choice.move) return done;
      try {
        const summary = await versionMovesApi.moveToLatest(meta.id, choice.missing);
        const missing = choice.missing;
        const sentTo = missing.kind === 'node' ? steps.find((s) => s.id === missing.nodeId)?.name : undefined;
        return `${done}. ${moveOutcome(summary, sentTo)}`;
      } catch (e) {
        // The version is out either way; say so, and that the contacts stayed where they were.
        throw new Error(`${done}, but the waiting contacts were not moved: ${errorText(e)}`);
      }
    });

  const toggle = () =>
    act(async () => {
      const active = meta.status === 'active';
      const rec = active ? await flowsApi.pause(meta.id) : await flowsApi.activate(meta.id);
      onMeta(rec);
      return active ? 'Paused: no new contacts enter' : `Active: version ${rec.latestVersion} is running`;
    });

  if (readOnly) return null;
  const publishTitle = blocked
    ? 'Fix the errors listed under Problems to publish'
    : unchanged
      ? `Nothing changed since version ${meta.latestVersion}`
      : 'Review the changes and freeze this draft as a new version';
  return (
    <div className="toolbar lifecycle">
      <Flash message={message} />
      <a
        href={reportHref}
        className="button"
        onClick={openReport}
        title="Entries, goal conversion and A/B test results of the published versions"
      >
        Report
      </a>
      <button type="button" disabled={busy} onClick={() => void save()} title="Save the draft (Ctrl/⌘+S)">
        Save
      </button>
      <button
        type="button"
        className="primary"
        disabled={busy || blocked || unchanged}
        onClick={() => void review()}
        title={publishTitle}
      >
        Publish
      </button>
      {unchanged && (
        <span className="muted small" data-testid="publish-unchanged">
          No changes since v{meta.latestVersion}
        </span>
      )}
      <button
        type="button"
        disabled={busy || meta.latestVersion === null}
        onClick={() => void toggle()}
        title={meta.latestVersion === null ? 'Publish a version first' : undefined}
      >
        {meta.status === 'active' ? 'Pause' : 'Activate'}
      </button>
      {pending && (
        <PublishDialog
          version={(meta.latestVersion ?? 0) + 1}
          diff={pending.diff}
          activeRuns={pending.activeRuns}
          busy={busy}
          positions={pending.positions}
          steps={pending.steps}
          onConfirm={(choice) => void publish(choice, pending.steps)}
          onCancel={() => setPending(null)}
        />
      )}
    </div>
  );
}
