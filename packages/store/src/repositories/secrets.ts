import { randomBytes } from 'node:crypto';
import type { LegacyRepositoryContext } from './context.js';

/** A fresh random secret: 32 bytes, base64url. */
export const generateSecret = (): string => randomBytes(32).toString('base64url');

export interface SecretsRepository {
  /**
   * The secret named `name`, generated on first use. Two processes asking at once get the same value:
   * the insert keeps the first writer's secret.
   */
  getOrCreate(name: string): string;
  get(name: string): string | undefined;
  /** Replaces the secret with a fresh one and returns it (a leaked webhook key is rotated this way). */
  rotate(name: string): string;
  delete(name: string): boolean;
}

export function createSecretsRepository({ db, now }: LegacyRepositoryContext): SecretsRepository {
  const insert = db.prepare(
    `INSERT INTO secrets (name, value, created_at) VALUES (@name, @value, @now) ON CONFLICT (name) DO NOTHING`,
  );
  const replace = db.prepare(
    `INSERT INTO secrets (name, value, created_at) VALUES (@name, @value, @now)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
  );
  const selectOne = db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?');
  const remove = db.prepare<[string]>('DELETE FROM secrets WHERE name = ?');

  return {
    getOrCreate(name) {
      insert.run({ name, value: generateSecret(), now: now() });
      return (selectOne.get(name) as { value: string }).value;
    },
    get: (name) => selectOne.get(name)?.value,
    rotate(name) {
      const value = generateSecret();
      replace.run({ name, value, now: now() });
      return value;
    },
    delete: (name) => remove.run(name).changes > 0,
  };
}
