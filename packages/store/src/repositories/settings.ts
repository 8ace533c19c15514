import { fromJson, toJson } from '../codec.js';
import type { RepositoryContext } from './context.js';

/**
 * Workspace-wide settings as JSON values by key (`frequencyCaps`...). The store keeps what it is
 * given; the API validates each key's value with its schema before it gets here.
 */
export interface SettingsRepository {
  /** The value stored under `key`, or undefined when none was ever set. */
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
}

export function createSettingsRepository({ db, now }: RepositoryContext): SettingsRepository {
  return {
    async get<T>(key: string) {
      const row = await db()
        .selectFrom('workspace_settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? undefined : fromJson<T>(row.value);
    },
    async put(key, value) {
      const row = { key, value: toJson(value), updated_at: now() };
      await db()
        .insertInto('workspace_settings')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
        .execute();
    },
  };
}
