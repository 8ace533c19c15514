import { ReactFlowProvider } from '@xyflow/react';
import { Link } from 'wouter';
import { EditorStoreProvider } from '../store/context.js';
import { EditorWorkspace } from './EditorWorkspace.js';
import { useFlowLoader } from './useFlowLoader.js';

/** The editor for one flow: its draft, or a published version when `version` is given. */
export function EditorPage({ flowId, version }: { flowId: string; version?: number }) {
  const { store, meta, setMeta, error } = useFlowLoader(flowId, version);
  if (error) {
    return (
      <div className="empty-page">
        <h1>Cannot open this flow</h1>
        <p role="alert">{error}</p>
        <Link href="/">Back to flows</Link>
      </div>
    );
  }
  if (!store || !meta) return <div className="empty-page muted">Loading…</div>;
  return (
    <EditorStoreProvider store={store}>
      <ReactFlowProvider>
        <EditorWorkspace
          store={store}
          meta={meta}
          onMeta={setMeta}
          {...(version !== undefined ? { version } : {})}
        />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
