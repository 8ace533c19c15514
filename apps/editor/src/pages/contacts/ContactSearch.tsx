import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../../api/client.js';
import { contactsApi } from '../../api/contacts.js';

/**
 * Finds one contact by exact email, contact id or external id. An address with "@" is an email;
 * anything else is tried as a contact id, then as an external id.
 */
export async function findContact(input: string): Promise<string | null> {
  const value = input.trim();
  if (!value) return null;
  if (value.includes('@')) return (await contactsApi.find('email', value.toLowerCase()))?.id ?? null;
  try {
    return (await contactsApi.get(value)).id;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  return (await contactsApi.find('externalId', value))?.id ?? null;
}

/** The search box of the contact pages. */
export function ContactSearch({ initial = '' }: { initial?: string }) {
  const [value, setValue] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const id = await findContact(value);
      if (id) navigate(`/contacts/${encodeURIComponent(id)}`);
      else setMessage(`No contact with the email or id “${value.trim()}”.`);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <form className="contact-search" onSubmit={(e) => void submit(e)} aria-label="Find a contact">
      <input
        type="search"
        aria-label="Email or contact id"
        placeholder="Email, contact id or external id"
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="primary">
        Find contact
      </button>
      {message && (
        <span className="flash error" role="alert">
          {message}
        </span>
      )}
    </form>
  );
}
