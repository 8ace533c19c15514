import { ReactFlowProvider } from '@xyflow/react';
import { LoadFailed, Loading } from '../components/LoadFailed.js';
import { EditorStoreProvider } from '../store/context.js';
import { EditorWorkspace } from './EditorWorkspace.js';
import { useFlowLoader } from './useFlowLoader.js';

/** The editor for one flow: its draft, or a published version when `version` is given. */
export function EditorPage({ flowId, version }: { flowId: string; version?: number }) {
  const { store, meta, setMeta, error } = useFlowLoader(flowId, version);
  if (error) return <LoadFailed title="Cannot open this flow" error={error} back={['/', 'Back to flows']} />;
  if (!store || !meta) return <Loading />;
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
