import { useState } from 'react';

/** A secret the server shows once: shown here until dismissed, with a way to copy it. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (no permission, plain http): the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <div className="banner info secret-once" role="status" aria-label={label}>
      <p>
        <strong>{label}</strong>: copy it now. It is shown only this once; Scoreflow keeps just a hash.
      </p>
      <div className="secret-row">
        <code data-testid="secret-value">{secret}</code>
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
