import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { EditorStore } from './editorStore.js';
import type { EditorActions, EditorState } from './types.js';

const EditorStoreContext = createContext<EditorStore | null>(null);

/** Makes one flow's editor store available to the canvas and panels below it. */
export function EditorStoreProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

/** The raw store, for event handlers that read state without subscribing. */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor must be used inside <EditorStoreProvider>');
  return store;
}

/** Subscribes to a slice of the editor state; wrap object/array selectors in useShallow. */
export function useEditor<T>(selector: (s: EditorState & EditorActions) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
