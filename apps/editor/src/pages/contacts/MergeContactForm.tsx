import type { ContactDetail, MergeResult } from '@scoreflow/api';
import { useState } from 'react';
import { contactsApi } from '../../api/contacts.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { Modal } from '../../components/Modal.js';
import { useAction } from '../../components/useAction.js';

const label = (c: { email: string | null; externalId: string | null; id: string }) =>
  c.email ?? c.externalId ?? c.id;

/** What merging `other` into `contact` will do, as the server will do it (see docs/contacts.md). */
function MergePreview({ contact, other }: { contact: ContactDetail; other: ContactDetail }) {
  const scores = Object.entries(other.scores);
  const tags = other.tags.filter((t) => !contact.tags.includes(t));
  const fills = Object.keys(other.attributes).filter((k) => !Object.hasOwn(contact.attributes, k));
  const kept = Object.keys(other.attributes).filter(
    (k) =>
      Object.hasOwn(contact.attributes, k) &&
      JSON.stringify(contact.attributes[k]) !== JSON.stringify(other.attributes[k]),
  );
  return (
    <ul data-testid="merge-preview">
      <li>
        <strong>{label(other)}</strong> is removed; its id, email and external id lead to this contact from
        now on.
      </li>
      {scores.map(([name, value]) => (
        <li key={name}>
          {name}: {contact.scores[name] ?? 0} + {value} = {(contact.scores[name] ?? 0) + value}, held to the
          score’s floor and cap; both ledgers are kept.
        </li>
      ))}
      <li>Tags added: {tags.length > 0 ? tags.join(', ') : 'none'}; lists are united too.</li>
      <li>
        Attributes filled in: {fills.length > 0 ? fills.join(', ') : 'none'}
        {kept.length > 0 && <> · this contact’s value kept for {kept.join(', ')}</>}
      </li>
      <li>
        Events, runs and emails move here. Where both are in a flow that allows one run at a time, the other
        contact’s run is cancelled.
      </li>
    </ul>
  );
}

/** "Merge another contact into this one": find it by email, confirm what will happen, then merge. */
export function MergeContactForm({ contact, onMerged }: { contact: ContactDetail; onMerged: () => void }) {
  const [email, setEmail] = useState('');
  const [other, setOther] = useState<ContactDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [result, setResult] = useState<MergeResult | null>(null);
  const find = useAction();
  const merge = useAction();

  const lookUp = (e: React.FormEvent) => {
    e.preventDefault();
    setResult(null);
    void find.run(async () => {
      const found = await contactsApi.find('email', email.trim());
      setNotFound(!found || found.id === contact.id);
      setOther(found && found.id !== contact.id ? await contactsApi.get(found.id) : null);
    });
  };
  const confirm = () => {
    if (!other) return;
    void merge.run(async () => {
      setResult(await contactsApi.merge(contact.id, other.id));
      setOther(null);
      setEmail('');
      onMerged();
    });
  };

  return (
    <section className="card" data-testid="merge-contact">
      <h2>Merge another contact into this one</h2>
      <form className="change-score" onSubmit={lookUp}>
        <Field
          labelClass="score-field"
          label="Other contact’s email"
          type="email"
          required
          value={email}
          onValue={setEmail}
        />
        <button type="submit" disabled={find.busy}>
          Find
        </button>
      </form>
      <ErrorBanner error={find.error} />
      {notFound && <p className="muted">No other contact has this email.</p>}
      {result && (
        <p className="banner ok" data-testid="merge-result">
          Merged {result.merged.fromEmail ?? result.merged.from}:{' '}
          {result.merged.scores.map((s) => `${s.score} ${s.value}`).join(', ') || 'no scores to combine'}
          {result.merged.runsCancelled.length > 0 &&
            `, ${result.merged.runsCancelled.length} run(s) cancelled`}
        </p>
      )}
      {other && (
        <Modal title={`Merge ${label(other)} into ${label(contact)}?`} onClose={() => setOther(null)} wide>
          <MergePreview contact={contact} other={other} />
          <ErrorBanner error={merge.error} />
          <div className="modal-actions">
            <button type="button" onClick={() => setOther(null)}>
              Cancel
            </button>
            <button type="button" className="danger" disabled={merge.busy} onClick={confirm}>
              Merge
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
