import { z } from 'zod';
import { itemsOf } from '../common.js';
import { ADMIN, ALL, Role } from '../permissions.js';
import { created, none, ok, route } from '../route.js';

export const Login = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) });
export const UserInput = z.object({
  email: z.email().max(320),
  password: z.string().min(12).max(1000).describe('12 characters at least'),
  role: Role,
});
export const UserPatch = z.object({
  role: Role.optional(),
  password: z.string().min(12).max(1000).optional(),
});
export const TokenInput = z.object({ name: z.string().min(1).max(100), role: Role });
export const WriteKeyInput = z.object({ name: z.string().min(1).max(100) });

export const UserRecord = z.object({ id: z.string(), email: z.string(), role: Role, createdAt: z.string() });
export type UserRecord = z.infer<typeof UserRecord>;

export const TokenRecord = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  userId: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

export const WriteKeyRecord = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export type WriteKeyRecord = z.infer<typeof WriteKeyRecord>;

/** Who is calling: a session has a user, an API token only a role. */
export const Me = z.object({ user: UserRecord.nullable(), role: Role, csrfToken: z.string().optional() });
export type Me = z.infer<typeof Me>;

const tag = 'Access';

export const ACCESS = {
  login: route({
    method: 'post',
    path: '/api/auth/login',
    permission: 'public',
    tag,
    summary: 'Log in: sets the session cookie, returns the user and the CSRF token for writes',
    body: Login,
    responses: ok('Logged in', z.object({ user: UserRecord, csrfToken: z.string() })),
  }),
  logout: route({
    method: 'post',
    path: '/api/auth/logout',
    permission: ALL,
    tag,
    summary: 'End the session',
    responses: none,
  }),
  me: route({
    method: 'get',
    path: '/api/auth/me',
    permission: ALL,
    tag,
    summary: 'Who is calling, with the CSRF token',
    responses: ok('Me', Me),
  }),
  listUsers: route({
    method: 'get',
    path: '/api/users',
    permission: ADMIN,
    tag,
    summary: 'List users (admin)',
    responses: ok('Users', itemsOf(UserRecord)),
  }),
  createUser: route({
    method: 'post',
    path: '/api/users',
    permission: ADMIN,
    tag,
    summary: 'Create a user (admin)',
    body: UserInput,
    responses: created('Created', UserRecord),
  }),
  updateUser: route({
    method: 'put',
    path: '/api/users/:id',
    permission: ADMIN,
    tag,
    summary: "Change a user's role or password (admin)",
    body: UserPatch,
    responses: ok('Updated', UserRecord),
  }),
  deleteUser: route({
    method: 'delete',
    path: '/api/users/:id',
    permission: ADMIN,
    tag,
    summary: 'Delete a user (admin)',
    responses: none,
  }),
  listTokens: route({
    method: 'get',
    path: '/api/tokens',
    permission: ADMIN,
    tag,
    summary: 'List API tokens (admin)',
    responses: ok('Tokens', itemsOf(TokenRecord)),
  }),
  createToken: route({
    method: 'post',
    path: '/api/tokens',
    permission: ADMIN,
    tag,
    summary: 'Create an API token carrying a role (admin); the token is shown this once',
    body: TokenInput,
    responses: created('Created', TokenRecord.extend({ token: z.string() })),
  }),
  deleteToken: route({
    method: 'delete',
    path: '/api/tokens/:id',
    permission: ADMIN,
    tag,
    summary: 'Revoke an API token (admin)',
    responses: none,
  }),
  listWriteKeys: route({
    method: 'get',
    path: '/api/write-keys',
    permission: ADMIN,
    tag,
    summary: 'List write keys (admin)',
    responses: ok('Write keys', itemsOf(WriteKeyRecord)),
  }),
  createWriteKey: route({
    method: 'post',
    path: '/api/write-keys',
    permission: ADMIN,
    tag,
    summary: 'Create an ingest-only write key (admin); the key is shown this once',
    body: WriteKeyInput,
    responses: created('Created', WriteKeyRecord.extend({ key: z.string() })),
  }),
  deleteWriteKey: route({
    method: 'delete',
    path: '/api/write-keys/:id',
    permission: ADMIN,
    tag,
    summary: 'Revoke a write key (admin)',
    responses: none,
  }),
};
