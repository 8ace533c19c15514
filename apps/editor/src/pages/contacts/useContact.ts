import type { ContactDetail, OutboxItem, Run, StoredEvent } from '@scoreflow/api';
import { useCallback, useEffect, useState } from 'react';
import { contactsApi } from '../../api/contacts.js';
import { runsApi } from '../../api/runs.js';

export type ContactView = {
  contact: ContactDetail;
  events: StoredEvent[];
  runs: Run[];
  runsTotal: number;
  outbox: OutboxItem[];
};

/** Everything the contact page shows, loaded side by side. */
export function useContact(id: string) {
  const [view, setView] = useState<ContactView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      const [contact, events, runs, outbox] = await Promise.all([
        contactsApi.get(id),
        contactsApi.events(id),
        runsApi.list({ contactId: id, limit: 50 }),
        contactsApi.outbox(id),
      ]);
      setView({ contact, events, runs: runs.items, runsTotal: runs.total, outbox });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { view, error, reload };
}
