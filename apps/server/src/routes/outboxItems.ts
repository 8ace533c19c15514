import type { OutboxItem } from '@scoreflow/api';
import type { OutboxEntry } from '@scoreflow/store';

/**
 * Outbox rows as the screens and the API show them. An email recorded while no email server was
 * configured is delivered as far as the run is concerned (the step is done, nothing will retry it),
 * but nobody received it: it reads `not_sent`, never "delivered".
 */
export const outboxItems = (entries: readonly OutboxEntry[]): OutboxItem[] =>
  entries.map(({ sentVia, ...entry }) => ({
    ...entry,
    status: entry.kind === 'email' && sentVia === 'none' ? 'not_sent' : entry.status,
  }));
