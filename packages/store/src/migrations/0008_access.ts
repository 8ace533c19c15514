import type { Migration } from './types.js';

/** Users, login sessions, API tokens and ingest-only write keys. Secrets are stored hashed only. */
export const access: Migration = {
  version: 8,
  name: 'access',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('admin', 'marketer', 'support')),
        created_at    INTEGER NOT NULL
      ) STRICT;

      -- The cookie holds the session id; only its hash is kept, so a copy of the database logs nobody in.
      CREATE TABLE sessions (
        id_hash    TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_user ON sessions (user_id);

      CREATE TABLE api_tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        hash         TEXT NOT NULL UNIQUE,
        role         TEXT NOT NULL CHECK (role IN ('admin', 'marketer', 'support')),
        user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER
      ) STRICT;

      CREATE TABLE write_keys (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        hash       TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
