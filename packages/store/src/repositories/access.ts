import { randomUUID } from 'node:crypto';
import { toIso, toIsoOrNull } from '../codec.js';
import type { RepositoryContext } from './context.js';

/** What a user or an API token may do; see the server's permission table. */
export type Role = 'admin' | 'marketer' | 'support';

export const ROLES: readonly Role[] = ['admin', 'marketer', 'support'];

export interface User {
  id: string;
  email: string;
  role: Role;
  /** ISO 8601, as every record's times. */
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  userId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface WriteKey {
  id: string;
  name: string;
  createdAt: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: number;
}

/** Users, sessions, API tokens and write keys. Callers hash secrets; this only stores and finds hashes. */
export interface AccessRepository {
  createUser(input: { email: string; passwordHash: string; role: Role }): Promise<User>;
  /** The user and its password hash, for login. */
  findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  getUser(id: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  updateUser(id: string, patch: { role?: Role; passwordHash?: string }): Promise<User | undefined>;
  deleteUser(id: string): Promise<boolean>;

  createSession(input: {
    idHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: number;
  }): Promise<void>;
  /** The live session with that id hash (expired ones count as absent). */
  findSession(idHash: string): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;

  createToken(input: {
    name: string;
    hash: string;
    role: Role;
    userId?: string | null;
    id?: string;
  }): Promise<ApiToken>;
  /** Finds a token by hash and records its use. */
  useToken(hash: string): Promise<ApiToken | undefined>;
  listTokens(): Promise<ApiToken[]>;
  deleteToken(id: string): Promise<boolean>;

  createWriteKey(input: { name: string; hash: string }): Promise<WriteKey>;
  findWriteKey(hash: string): Promise<WriteKey | undefined>;
  listWriteKeys(): Promise<WriteKey[]>;
  deleteWriteKey(id: string): Promise<boolean>;
}

// Rows as the schema types them: the role column is text, holding one of ROLES (a CHECK keeps it so).
interface UserRow {
  id: string;
  email: string;
  role: string;
  created_at: number;
}
interface TokenRow {
  id: string;
  name: string;
  role: string;
  user_id: string | null;
  created_at: number;
  last_used_at: number | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  role: r.role as Role,
  createdAt: toIso(r.created_at),
});
const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  userId: r.user_id,
  createdAt: toIso(r.created_at),
  lastUsedAt: toIsoOrNull(r.last_used_at),
});

export function createAccessRepository({ db, now }: RepositoryContext): AccessRepository {
  const tokenColumns = ['id', 'name', 'role', 'user_id', 'created_at', 'last_used_at'] as const;
  const userById = (id: string) =>
    db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  const writeKeyRecord = (r: { id: string; name: string; created_at: number }): WriteKey => ({
    id: r.id,
    name: r.name,
    createdAt: toIso(r.created_at),
  });

  return {
    async createUser({ email, passwordHash, role }) {
      const row = await db()
        .insertInto('users')
        .values({ id: randomUUID(), email, password_hash: passwordHash, role, created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
    async findUserByEmail(email) {
      // Case-insensitive on both databases (SQLite's column is COLLATE NOCASE, PostgreSQL's unique
      // index is on lower(email)); lower() on both sides folds the same way as that index.
      const row = await db()
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email)])))
        .executeTakeFirst();
      return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
    },
    async getUser(id) {
      const row = await userById(id);
      return row ? toUser(row) : undefined;
    },
    async listUsers() {
      const rows = await db()
        .selectFrom('users')
        .selectAll()
        .orderBy((eb) => eb.fn('lower', ['email']))
        .execute();
      return rows.map((r) => toUser(r));
    },
    async countUsers() {
      const row = await db()
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async updateUser(id, patch) {
      const set = {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.passwordHash ? { password_hash: patch.passwordHash } : {}),
      };
      const row =
        Object.keys(set).length === 0
          ? await userById(id)
          : await db().updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      // A changed password ends every open session of that user.
      if (patch.passwordHash) await db().deleteFrom('sessions').where('user_id', '=', id).execute();
      return row ? toUser(row) : undefined;
    },
    async deleteUser(id) {
      const result = await db().deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async createSession({ idHash, userId, csrfToken, expiresAt }) {
      await db().deleteFrom('sessions').where('expires_at', '<=', now()).execute();
      await db()
        .insertInto('sessions')
        .values({ id_hash: idHash, user_id: userId, csrf_token: csrfToken, expires_at: expiresAt })
        .execute();
    },
    async findSession(idHash) {
      const row = await db()
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .selectAll('u')
        .select(['s.csrf_token', 's.expires_at'])
        .where('s.id_hash', '=', idHash)
        .where('s.expires_at', '>', now())
        .executeTakeFirst();
      return row ? { user: toUser(row), csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
    },
    async deleteSession(idHash) {
      await db().deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async createToken({ name, hash, role, userId = null, id = randomUUID() }) {
      const row = await db()
        .insertInto('api_tokens')
        .values({ id, name, hash, role, user_id: userId, created_at: now() })
        .returning(tokenColumns)
        .executeTakeFirstOrThrow();
      return toToken(row);
    },
    async useToken(hash) {
      const row = await db()
        .selectFrom('api_tokens')
        .select(tokenColumns)
        .where('hash', '=', hash)
        .executeTakeFirst();
      if (!row) return undefined;
      const at = now();
      // Once a minute is enough to tell a live token from a forgotten one, and spares a write per request.
      if (row.last_used_at === null || at - row.last_used_at > 60_000) {
        await db().updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
      }
      return toToken(row);
    },
    // Ties of one millisecond keep their insertion order (rowid) on both databases.
    async listTokens() {
      const rows = await db()
        .selectFrom('api_tokens')
        .select(tokenColumns)
        .orderBy('created_at')
        .orderBy('rowid')
        .execute();
      return rows.map((r) => toToken(r));
    },
    async deleteToken(id) {
      const result = await db().deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async createWriteKey({ name, hash }) {
      const row = await db()
        .insertInto('write_keys')
        .values({ id: randomUUID(), name, hash, created_at: now() })
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
      return writeKeyRecord(row);
    },
    async findWriteKey(hash) {
      const row = await db()
        .selectFrom('write_keys')
        .select(['id', 'name', 'created_at'])
        .where('hash', '=', hash)
        .executeTakeFirst();
      return row && writeKeyRecord(row);
    },
    async listWriteKeys() {
      const rows = await db()
        .selectFrom('write_keys')
        .select(['id', 'name', 'created_at'])
        .orderBy('created_at')
        .orderBy('rowid')
        .execute();
      return rows.map(writeKeyRecord);
    },
    async deleteWriteKey(id) {
      const result = await db().deleteFrom('write_keys').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
