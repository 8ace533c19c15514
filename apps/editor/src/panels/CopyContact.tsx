import { useState } from 'react';
import { contactsApi } from '../api/contacts.js';
import { PanelField } from '../components/Field.js';
import { type ContactFields, fieldsOfContact } from '../dryrun/copyContact.js';

/** Fills the dry run's test contact from a real one, found by email; nothing of it is changed. */
export function CopyContact({ onCopy }: { onCopy(fields: ContactFields): void }) {
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const copy = async () => {
    setMessage(null);
    try {
      const found = await contactsApi.find('email', email.trim());
      if (!found) return setMessage({ text: `No contact has the email ${email.trim()}.`, error: true });
      const { fields, skipped } = fieldsOfContact(await contactsApi.get(found.id));
      onCopy(fields);
      setMessage({
        text:
          `Copied ${found.email ?? email.trim()}: edit the copy as you like, the contact stays as it is.` +
          (skipped.length > 0 ? ` Left out (not a text or a number): ${skipped.join(', ')}.` : ''),
        error: false,
      });
    } catch (error) {
      setMessage({ text: `The contact could not be read: ${(error as Error).message}`, error: true });
    }
  };
  return (
    <>
      <PanelField
        id="dry-copy"
        label={
          <>
            Copy a real contact <span className="optional">(email)</span>
          </>
        }
      >
        <div className="inline-fields">
          <input
            id="dry-copy"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void copy();
            }}
          />
          <button type="button" onClick={() => void copy()} disabled={email.trim() === ''}>
            Copy
          </button>
        </div>
      </PanelField>
      {message && (
        <p
          className={message.error ? 'field-error' : 'muted small'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </>
  );
}
