import { useCallback, useEffect, useRef, useState } from 'react';
import { flowsApi } from '../api/flows.js';
import type { EditorStore } from '../store/editorStore.js';

/** How long typing must pause before an automatic save. */
export const AUTOSAVE_DELAY_MS = 1200;

export type SaveState = { status: 'saved' | 'dirty' | 'saving' | 'error'; error?: string };

/**
 * Explicit save, debounced autosave and the leave-page warning for one flow draft. A save sends
 * the document as of the call; edits made while it is in flight stay unsaved and trigger another.
 */
export function useSaving(store: EditorStore | null, flowId: string, enabled: boolean) {
  const [state, setState] = useState<SaveState>({ status: 'saved' });
  const inFlight = useRef<Promise<boolean> | null>(null);

  const save = useCallback(async (): Promise<boolean> => {
    if (!store || !enabled) return true;
    // One save at a time: wait for the one in flight, if any.
    const pending = inFlight.current;
    if (pending !== null) await pending;
    const s = store.getState();
    if (s.revision <= s.savedRevision) return true;
    const revision = s.revision;
    const run = (async () => {
      setState({ status: 'saving' });
      try {
        await flowsApi.save(flowId, s.document());
        store.getState().markSaved(revision);
        const now = store.getState();
        setState({ status: now.revision > now.savedRevision ? 'dirty' : 'saved' });
        return true;
      } catch (e) {
        setState({ status: 'error', error: (e as Error).message });
        return false;
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [store, flowId, enabled]);

  useEffect(() => {
    if (!store || !enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.revision === prev.revision) return;
      // The same state object when already dirty, so a run of edits re-renders the editor once.
      setState((st) => (st.status === 'saving' || st.status === 'dirty' ? st : { status: 'dirty' }));
      clearTimeout(timer);
      timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      // Leaving the editor inside the app (a version link, the back button) must not drop edits.
      const s = store.getState();
      if (s.revision > s.savedRevision) void save();
    };
  }, [store, enabled, save]);

  useEffect(() => {
    if (!store || !enabled) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.revision > s.savedRevision) {
        e.preventDefault();
        // Older browsers show the prompt only when returnValue is set.
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store, enabled]);

  return { saveState: state, save };
}
