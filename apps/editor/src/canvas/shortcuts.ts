/** Keyboard shortcuts, listed once for the handler and for the help panel. */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'Ctrl/⌘ + Z', does: 'Undo' },
  { keys: 'Shift + Ctrl/⌘ + Z', does: 'Redo (also Ctrl + Y)' },
  { keys: 'Ctrl/⌘ + C', does: 'Copy selected steps' },
  { keys: 'Ctrl/⌘ + V', does: 'Paste' },
  { keys: 'Ctrl/⌘ + D', does: 'Duplicate selected steps' },
  { keys: 'Ctrl/⌘ + A', does: 'Select everything' },
  { keys: 'Delete / Backspace', does: 'Delete selected steps and connections' },
  { keys: 'Shift + drag', does: 'Select with a box' },
  { keys: 'Ctrl/⌘ + click', does: 'Add to the selection' },
  { keys: 'Ctrl/⌘ + S', does: 'Save now' },
  { keys: 'Shift + L', does: 'Tidy up (auto-layout)' },
  { keys: '?', does: 'Show or hide this help' },
  { keys: 'Esc', does: 'Close help, clear selection' },
];

/** Whether the key event comes from a place where typing must keep its native meaning. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
