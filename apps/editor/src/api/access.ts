import { API, type Role } from '@scoreflow/api';
import { call } from './client.js';

/** Admin-only management of users, API tokens and write keys; secrets come back once, at creation. */
export const accessApi = {
  me: () => call(API.access.me),
  logout: () => call(API.access.logout),

  listUsers: async () => (await call(API.access.listUsers)).items,
  createUser: (input: { email: string; password: string; role: Role }) =>
    call(API.access.createUser, { body: input }),
  updateUser: (id: string, patch: { role?: Role; password?: string }) =>
    call(API.access.updateUser, { params: { id }, body: patch }),
  deleteUser: (id: string) => call(API.access.deleteUser, { params: { id } }),

  listTokens: async () => (await call(API.access.listTokens)).items,
  createToken: (input: { name: string; role: Role }) => call(API.access.createToken, { body: input }),
  deleteToken: (id: string) => call(API.access.deleteToken, { params: { id } }),

  listWriteKeys: async () => (await call(API.access.listWriteKeys)).items,
  createWriteKey: (input: { name: string }) => call(API.access.createWriteKey, { body: input }),
  deleteWriteKey: (id: string) => call(API.access.deleteWriteKey, { params: { id } }),
};
