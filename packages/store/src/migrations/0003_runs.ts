import type { Migration } from './types.js';

/** Flow execution: runs, their steps and waits, and the outbox of side effects delivered after commit. */
export const runs: Migration = {
  version: 3,
  name: 'runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id               TEXT PRIMARY KEY,
        flow_id          TEXT NOT NULL,
        flow_version     INTEGER NOT NULL,
        contact_id       TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        status           TEXT NOT NULL DEFAULT 'running'
                           CHECK (status IN ('running', 'waiting', 'completed', 'exited', 'failed', 'cancelled')),
        trigger_event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
        current_node_id  TEXT,
        started_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        ended_at         INTEGER,
        exit_reason      TEXT,
        error            TEXT,
        -- A run started again by support ("retry from the start") points at the run it replaces.
        retry_of         TEXT,
        -- A run is pinned to the version it started on; it goes when its flow is deleted.
        FOREIGN KEY (flow_id, flow_version) REFERENCES flow_versions (flow_id, version) ON DELETE CASCADE
      ) STRICT;
      -- Re-entry policy: is this contact already in this flow?
      CREATE INDEX runs_by_contact_flow_status ON runs (contact_id, flow_id, status);
      -- Cooldown re-entry: when did this contact last enter this flow?
      CREATE INDEX runs_by_contact_flow_started ON runs (contact_id, flow_id, started_at);
      -- Exit criteria and "runs of this flow" screens.
      CREATE INDEX runs_by_flow_status ON runs (flow_id, status);
      CREATE INDEX runs_by_status_started ON runs (status, started_at);

      -- What support staff did to a run (retry, cancel, fast-forward), by whom and when.
      CREATE TABLE run_actions (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        action     TEXT NOT NULL CHECK (action IN ('retry', 'restart', 'cancel', 'fastForward')),
        actor      TEXT NOT NULL,
        detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX run_actions_by_run ON run_actions (run_id, id);

      -- How many runs passed each edge per day, for the live canvas; kept as counters so reading them
      -- never scans the steps.
      CREATE TABLE flow_edge_counts (
        flow_id      TEXT NOT NULL,
        flow_version INTEGER NOT NULL,
        edge_id      TEXT NOT NULL,
        day          INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        PRIMARY KEY (flow_id, flow_version, edge_id, day)
      ) STRICT, WITHOUT ROWID;

      -- UNIQUE (run_id, node_id, attempt) is the idempotency key of a step: a job that runs twice finds
      -- its steps already recorded and does not apply their effects again.
      CREATE TABLE run_steps (
        id         TEXT PRIMARY KEY,
        run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        node_id    TEXT NOT NULL,
        node_type  TEXT NOT NULL,
        attempt    INTEGER NOT NULL CHECK (attempt >= 0),
        status     TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped')),
        input      TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(input)),
        output     TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(output)),
        error      TEXT,
        started_at INTEGER NOT NULL,
        ended_at   INTEGER NOT NULL,
        UNIQUE (run_id, node_id, attempt)
      ) STRICT;

      -- contact_id is copied from the run so that "does this contact wait for this event?" is one
      -- indexed lookup when an event arrives.
      CREATE TABLE waits (
        id             TEXT PRIMARY KEY,
        run_id         TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        contact_id     TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        node_id        TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('delay', 'event')),
        event_type     TEXT,
        due_at         INTEGER NOT NULL,
        status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
        created_at     INTEGER NOT NULL,
        fired_at       INTEGER,
        fired_event_id TEXT,
        CHECK ((kind = 'event') = (event_type IS NOT NULL))
      ) STRICT;
      CREATE INDEX waits_by_status_due ON waits (status, due_at);
      CREATE INDEX waits_by_run ON waits (run_id);
      CREATE INDEX waits_by_kind_event_status ON waits (kind, event_type, status);
      CREATE INDEX waits_by_contact_event ON waits (contact_id, kind, event_type, status);

      -- Side effects that leave the process (email, webhook) are written here inside the worker's
      -- transaction and delivered after commit; the idempotency key makes a re-run write nothing new.
      -- run_id is not a foreign key: the delivery record outlives the run.
      CREATE TABLE outbox (
        id              TEXT PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'notifySales')),
        contact_id      TEXT REFERENCES contacts (id) ON DELETE CASCADE,
        run_id          TEXT,
        node_id         TEXT,
        payload         TEXT NOT NULL CHECK (json_valid(payload)),
        idempotency_key TEXT NOT NULL UNIQUE,
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        delivered_at    INTEGER,
        next_attempt_at INTEGER
      ) STRICT;
      CREATE INDEX outbox_by_status_next ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_by_contact ON outbox (contact_id, created_at);
      CREATE INDEX outbox_by_run ON outbox (run_id);
    `);
  },
};
