import type { Migration } from './types.js';

/**
 * What visitors do before they are known: events that name only an anonymous id wait here until a call
 * names the visitor and the id together, and then become that contact's events. They are kept apart
 * from `events` so that nothing which reads a contact's history (engagement, retention, exports) has to
 * tell them apart, and so they can be bounded on their own terms.
 */
export const anonymousEvents: Migration = {
  version: 10,
  name: 'anonymous_events',
  up(db) {
    db.exec(`
      CREATE TABLE anonymous_events (
        id           TEXT PRIMARY KEY,
        anonymous_id TEXT NOT NULL CHECK (length(anonymous_id) > 0),
        type         TEXT NOT NULL,
        payload      TEXT NOT NULL CHECK (json_valid(payload)),
        occurred_at  INTEGER NOT NULL,
        received_at  INTEGER NOT NULL
      ) STRICT;
      -- A visitor's history in order (attaching it, keeping the newest of a visitor).
      CREATE INDEX anonymous_events_by_visitor ON anonymous_events (anonymous_id, occurred_at);
      -- Retention prunes by age.
      CREATE INDEX anonymous_events_by_time ON anonymous_events (occurred_at);
    `);
  },
};
