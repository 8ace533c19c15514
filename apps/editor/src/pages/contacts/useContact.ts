import type { ContactDetail, HeldBackSend, OutboxItem, Run, StoredEvent } from '@scoreflow/api';
import { useCallback } from 'react';
import { contactsApi } from '../../api/contacts.js';
import { runsApi } from '../../api/runs.js';
import { useLoad } from '../../components/useLoad.js';

export type ContactView = {
  contact: ContactDetail;
  events: StoredEvent[];
  runs: Run[];
  runsTotal: number;
  outbox: OutboxItem[];
  /** Emails frequency caps held back, newest first. */
  heldBack: HeldBackSend[];
};

/** Everything the contact page shows, loaded side by side. */
export function useContact(id: string) {
  const load = useCallback(async (): Promise<ContactView> => {
    const [contact, events, runs, outbox, heldBack] = await Promise.all([
      contactsApi.get(id),
      contactsApi.events(id),
      runsApi.list({ contactId: id, limit: 50 }),
      contactsApi.outbox(id),
      contactsApi.heldBack(id),
    ]);
    return { contact, events, runs: runs.items, runsTotal: runs.total, outbox, heldBack };
  }, [id]);
  const { data: view, error, reload } = useLoad(load);
  return { view, error, reload };
}
