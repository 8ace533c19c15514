import { useEffect, useRef } from 'react';
import { useEditorStoreApi } from '../store/context.js';
import { isTypingTarget } from './shortcuts.js';

type Handlers = { onSave(): void; onLayout(): void; onToggleHelp(): void; onEscape(): void };

/**
 * Editor-wide keys. Undo/redo also work while a config field has focus: the field is bound to the
 * store, so the store's history is the one to step through (the browser's own would diverge).
 */
export function useEditorShortcuts(handlers: Handlers) {
  const store = useEditorStoreApi();
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const typing = isTypingTarget(e.target);
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
        return;
      }
      if (mod && key === 'y') {
        e.preventDefault();
        s.redo();
        return;
      }
      if (mod && key === 's') {
        e.preventDefault();
        ref.current.onSave();
        return;
      }
      if (typing) return;
      if (mod && key === 'c') s.copy();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'd') {
        e.preventDefault();
        s.duplicate();
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        s.deleteSelection();
      } else if (e.key === '?') ref.current.onToggleHelp();
      else if (e.key === 'L' && e.shiftKey && !mod) ref.current.onLayout();
      else if (e.key === 'Escape') ref.current.onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
