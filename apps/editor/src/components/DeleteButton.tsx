import type { ButtonHTMLAttributes } from 'react';

/** A row's "Delete": red text, no frame; what it deletes is asked first (see useConfirm). */
export function DeleteButton(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className'>) {
  return (
    <button type="button" className="danger-text" {...props}>
      Delete
    </button>
  );
}
