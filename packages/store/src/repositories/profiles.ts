import { sql } from 'kysely';
import { fromJson } from '../codec.js';
import { prepare } from '../prepared.js';
import { type Contact, type ContactRow, toContact } from './contacts.js';
import type { RepositoryContext } from './context.js';
import { activeRun } from './runs.js';

/** A contact with everything of it the processing of an event reads before any flow runs. */
export interface ContactProfile {
  contact: Contact;
  /** Score values by name. */
  scores: Record<string, number>;
  /** Tag and list names, sorted. */
  tags: string[];
  lists: string[];
  /** Whether the contact has runs running or waiting (the exit checks read them only then). */
  activeRuns: boolean;
  /** Whether the contact has pending waits for an event (an event's job looks them up only then). */
  eventWaits: boolean;
}

export interface ProfilesRepository {
  /**
   * The contact's row, scores, tags and lists, and whether it has active runs and event waits, in one
   * statement: six round trips to PostgreSQL become one. Undefined when the contact does not exist.
   */
  get(contactId: string): Promise<ContactProfile | undefined>;
}

export function createProfilesRepository(ctx: RepositoryContext): ProfilesRepository {
  const pg = ctx.dialect === 'postgres';
  const array = sql.raw(pg ? 'json_agg' : 'json_group_array');
  const object = sql.raw(pg ? 'json_object_agg' : 'json_group_object');
  const query = prepare(ctx, (db, p: { id: string }) =>
    db
      .selectFrom('contacts as c')
      .selectAll('c')
      .select([
        sql<unknown>`(SELECT coalesce(${object}(s.name, s.value ORDER BY s.name), '{}') FROM scores s WHERE s.contact_id = c.id)`.as(
          'profile_scores',
        ),
        sql<unknown>`(SELECT coalesce(${array}(t.tag ORDER BY t.tag), '[]') FROM contact_tags t WHERE t.contact_id = c.id)`.as(
          'profile_tags',
        ),
        sql<unknown>`(SELECT coalesce(${array}(l.list ORDER BY l.list), '[]') FROM contact_lists l WHERE l.contact_id = c.id)`.as(
          'profile_lists',
        ),
        // Both by an index of the contact's own rows: runs_active_by_contact_flow (active runs alone),
        // waits_by_contact_event.
        sql<unknown>`EXISTS (SELECT 1 FROM runs r WHERE r.contact_id = c.id AND ${activeRun('r.status')})`.as(
          'profile_active_runs',
        ),
        sql<unknown>`EXISTS (SELECT 1 FROM waits w WHERE w.contact_id = c.id AND w.kind = 'event' AND w.status = 'pending')`.as(
          'profile_event_waits',
        ),
      ])
      .where('c.id', '=', p.id),
  );
  // The collections come back as JSON the database aggregated (ordered inside the aggregate); pg parses
  // json columns itself, SQLite hands back the text.
  const parsed = <T>(value: unknown): T => (typeof value === 'string' ? fromJson<T>(value) : (value as T));
  return {
    async get(id) {
      const row = await query.first({ id });
      if (!row) return undefined;
      const {
        profile_scores,
        profile_tags,
        profile_lists,
        profile_active_runs,
        profile_event_waits,
        ...contact
      } = row;
      return {
        contact: toContact(contact as ContactRow),
        scores: parsed<Record<string, number>>(profile_scores),
        tags: parsed<string[]>(profile_tags),
        lists: parsed<string[]>(profile_lists),
        // PostgreSQL answers a boolean, SQLite 0 or 1.
        activeRuns: Boolean(profile_active_runs),
        eventWaits: Boolean(profile_event_waits),
      };
    },
  };
}
