import { randomUUID } from 'node:crypto';
import { toIso, toIsoOrNull } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  createUser(input: { email: string; passwordHash: string; role: Role }): User;
  /** The user and its password hash, for login. */
  findUserByEmail(email: string): (User & { passwordHash: string }) | undefined;
  getUser(id: string): User | undefined;
  listUsers(): User[];
  countUsers(): number;
  updateUser(id: string, patch: { role?: Role; passwordHash?: string }): User | undefined;
  deleteUser(id: string): boolean;

  createSession(input: { idHash: string; userId: string; csrfToken: string; expiresAt: number }): void;
  /** The live session with that id hash (expired ones count as absent). */
  findSession(idHash: string): Session | undefined;
  deleteSession(idHash: string): void;

  createToken(input: {
    name: string;
    hash: string;
    role: Role;
    userId?: string | null;
    id?: string;
  }): ApiToken;
  /** Finds a token by hash and records its use. */
  useToken(hash: string): ApiToken | undefined;
  listTokens(): ApiToken[];
  deleteToken(id: string): boolean;

  createWriteKey(input: { name: string; hash: string }): WriteKey;
  findWriteKey(hash: string): WriteKey | undefined;
  listWriteKeys(): WriteKey[];
  deleteWriteKey(id: string): boolean;
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  created_at: number;
  password_hash: string;
}
interface TokenRow {
  id: string;
  name: string;
  role: Role;
  user_id: string | null;
  created_at: number;
  last_used_at: number | null;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  role: r.role,
  createdAt: toIso(r.created_at),
});
const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  userId: r.user_id,
  createdAt: toIso(r.created_at),
  lastUsedAt: toIsoOrNull(r.last_used_at),
});

export function createAccessRepository({ db, now }: LegacyRepositoryContext): AccessRepository {
  const userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const tokenCols = 'id, name, role, user_id, created_at, last_used_at';
  return {
    createUser({ email, passwordHash, role }) {
      const id = randomUUID();
      db.prepare('INSERT INTO users (id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)').run(
        id,
        email,
        passwordHash,
        role,
        now(),
      );
      return toUser(userById.get(id) as UserRow);
    },
    findUserByEmail(email) {
      const row = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?').get(email);
      return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
    },
    getUser(id) {
      const row = userById.get(id);
      return row ? toUser(row) : undefined;
    },
    listUsers: () => db.prepare<[], UserRow>('SELECT * FROM users ORDER BY email').all().map(toUser),
    countUsers: () => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n,
    updateUser(id, patch) {
      if (patch.role) db.prepare('UPDATE users SET role = ? WHERE id = ?').run(patch.role, id);
      if (patch.passwordHash) {
        db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(patch.passwordHash, id);
        // A changed password ends every open session of that user.
        db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      }
      const row = userById.get(id);
      return row ? toUser(row) : undefined;
    },
    deleteUser: (id) => db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0,

    createSession({ idHash, userId, csrfToken, expiresAt }) {
      db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now());
      db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)').run(
        idHash,
        userId,
        csrfToken,
        expiresAt,
      );
    },
    findSession(idHash) {
      const row = db
        .prepare<[string, number], { user_id: string; csrf_token: string; expires_at: number }>(
          'SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
        )
        .get(idHash, now());
      if (!row) return undefined;
      const user = userById.get(row.user_id);
      return user ? { user: toUser(user), csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
    },
    deleteSession: (idHash) => void db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash),

    createToken({ name, hash, role, userId = null, id = randomUUID() }) {
      db.prepare(
        'INSERT INTO api_tokens (id, name, hash, role, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(id, name, hash, role, userId, now());
      return toToken(
        db
          .prepare<[string], TokenRow>(`SELECT ${tokenCols} FROM api_tokens WHERE id = ?`)
          .get(id) as TokenRow,
      );
    },
    useToken(hash) {
      const row = db
        .prepare<[string], TokenRow>(`SELECT ${tokenCols} FROM api_tokens WHERE hash = ?`)
        .get(hash);
      if (!row) return undefined;
      const at = now();
      // Once a minute is enough to tell a live token from a forgotten one, and spares a write per request.
      if (row.last_used_at === null || at - row.last_used_at > 60_000) {
        db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, row.id);
      }
      return toToken(row);
    },
    listTokens: () =>
      db.prepare<[], TokenRow>(`SELECT ${tokenCols} FROM api_tokens ORDER BY created_at`).all().map(toToken),
    deleteToken: (id) => db.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0,

    createWriteKey({ name, hash }) {
      const id = randomUUID();
      const createdAt = now();
      db.prepare('INSERT INTO write_keys (id, name, hash, created_at) VALUES (?, ?, ?, ?)').run(
        id,
        name,
        hash,
        createdAt,
      );
      return { id, name, createdAt: toIso(createdAt) };
    },
    findWriteKey(hash) {
      const row = db
        .prepare<[string], { id: string; name: string; created_at: number }>(
          'SELECT id, name, created_at FROM write_keys WHERE hash = ?',
        )
        .get(hash);
      return row ? { id: row.id, name: row.name, createdAt: toIso(row.created_at) } : undefined;
    },
    listWriteKeys: () =>
      db
        .prepare<[], { id: string; name: string; created_at: number }>(
          'SELECT id, name, created_at FROM write_keys ORDER BY created_at',
        )
        .all()
        .map((r) => ({ id: r.id, name: r.name, createdAt: toIso(r.created_at) })),
    deleteWriteKey: (id) => db.prepare('DELETE FROM write_keys WHERE id = ?').run(id).changes > 0,
  };
}
