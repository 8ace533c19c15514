import { type ReactNode, useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog.js';

/** The question the dialog asks about one item. */
export interface Question {
  title: string;
  message: string;
  confirmLabel: string;
}

/**
 * A destructive action behind a yes/no question: `ask(item)` opens the dialog, and confirming closes it
 * before the action runs, so a slow or failing call never leaves the dialog up.
 */
export function useConfirm<T>(question: (item: T) => Question, action: (item: T) => unknown) {
  const [pending, setPending] = useState<{ item: T } | null>(null);
  const dialog: ReactNode = pending && (
    <ConfirmDialog
      {...question(pending.item)}
      danger
      onCancel={() => setPending(null)}
      onConfirm={() => {
        setPending(null);
        void action(pending.item);
      }}
    />
  );
  return { ask: (item: T) => setPending({ item }), dialog };
}
