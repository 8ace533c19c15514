import { type ReactNode, useEffect, useId } from 'react';

type Props = {
  /** The dialog's heading, which also names it. */
  title: string;
  /** Escape calls it too. */
  onClose(): void;
  wide?: boolean | undefined;
  children: ReactNode;
};

/** A modal dialog over the page, named by its heading; Escape closes it. */
export function Modal({ title, onClose, wide, children }: Props) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop">
      <div
        className={wide ? 'modal wide' : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
