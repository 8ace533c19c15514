import { z } from 'zod';
import { request } from './client.js';

/** What a user or an API token may do; the server's permission table decides what each means. */
export const Role = z.enum(['admin', 'marketer', 'support']);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

export const UserRecord = z.object({ id: z.string(), email: z.string(), role: Role, createdAt: z.number() });
export type UserRecord = z.infer<typeof UserRecord>;

export const TokenRecord = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  userId: z.string().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

export const WriteKeyRecord = z.object({ id: z.string(), name: z.string(), createdAt: z.number() });
export type WriteKeyRecord = z.infer<typeof WriteKeyRecord>;

/** Who is calling: a session has a user, an API token only a role. */
export const Me = z.object({ user: UserRecord.nullable(), role: Role });
export type Me = z.infer<typeof Me>;

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const enc = encodeURIComponent;

/** Admin-only management of users, API tokens and write keys; secrets come back once, at creation. */
export const accessApi = {
  me: () => request('GET', '/api/auth/me', Me),

  listUsers: async () => (await request('GET', '/api/users', items(UserRecord))).items,
  createUser: (input: { email: string; password: string; role: Role }) =>
    request('POST', '/api/users', UserRecord, input),
  updateUser: (id: string, patch: { role?: Role; password?: string }) =>
    request('PUT', `/api/users/${enc(id)}`, UserRecord, patch),
  deleteUser: (id: string) => request('DELETE', `/api/users/${enc(id)}`, null),

  listTokens: async () => (await request('GET', '/api/tokens', items(TokenRecord))).items,
  createToken: (input: { name: string; role: Role }) =>
    request('POST', '/api/tokens', TokenRecord.extend({ token: z.string() }), input),
  deleteToken: (id: string) => request('DELETE', `/api/tokens/${enc(id)}`, null),

  listWriteKeys: async () => (await request('GET', '/api/write-keys', items(WriteKeyRecord))).items,
  createWriteKey: (input: { name: string }) =>
    request('POST', '/api/write-keys', WriteKeyRecord.extend({ key: z.string() }), input),
  deleteWriteKey: (id: string) => request('DELETE', `/api/write-keys/${enc(id)}`, null),
};
