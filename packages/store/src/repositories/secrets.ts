import { randomBytes } from 'node:crypto';
import type { RepositoryContext } from './context.js';

/** A fresh random secret: 32 bytes, base64url. */
export const generateSecret = (): string => randomBytes(32).toString('base64url');

export interface SecretsRepository {
  /**
   * The secret named `name`, generated on first use. Two processes asking at once get the same value:
   * the insert keeps the first writer's secret.
   */
  getOrCreate(name: string): Promise<string>;
  get(name: string): Promise<string | undefined>;
  /** Replaces the secret with a fresh one and returns it (a leaked webhook key is rotated this way). */
  rotate(name: string): Promise<string>;
  delete(name: string): Promise<boolean>;
}

export function createSecretsRepository({ db, now }: RepositoryContext): SecretsRepository {
  const insert = (name: string, value: string) =>
    db().insertInto('secrets').values({ name, value, created_at: now() });
  const get = async (name: string) =>
    (await db().selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirst())?.value;

  return {
    async getOrCreate(name) {
      // The first writer's secret wins: a lost race inserts nothing and reads the winner's.
      const inserted = await insert(name, generateSecret())
        .onConflict((oc) => oc.column('name').doNothing())
        .returning('value')
        .executeTakeFirst();
      return inserted?.value ?? ((await get(name)) as string);
    },
    get,
    async rotate(name) {
      const value = generateSecret();
      await insert(name, value)
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            created_at: eb.ref('excluded.created_at'),
          })),
        )
        .execute();
      return value;
    },
    async delete(name) {
      const result = await db().deleteFrom('secrets').where('name', '=', name).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
