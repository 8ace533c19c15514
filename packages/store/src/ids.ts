import { randomUUID } from 'node:crypto';

/**
 * A new row id: a UUID of version 7 (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds. Rows the processing writes by the hundred per second (events, runs, steps, waits,
 * contacts, outbox) are keyed by them, so each insert lands at the end of its primary-key index instead
 * of on a random page of it: a commit writes a few pages rather than one per row (SQLite's commit took
 * 0.8 ms per event instead of 1.4 in the lead-scoring bench), and pages fill up instead of splitting
 * half-empty. The time in an id is no secret: every such row carries its creation time anyway, and no
 * id is a credential.
 *
 * The random part is node's (pooled) `randomUUID`, whose version nibble becomes 7; its variant bits
 * stay as RFC 9562 wants them.
 */
export function newId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}
