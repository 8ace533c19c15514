import { z } from 'zod';
import { Items, none, type Operation, ok } from '../routes/openapiSchemas.js';
import { Login, TokenInput, UserInput, UserPatch, WriteKeyInput } from './routes.js';

const tag = 'Access';
const Created = (description: string) => ({ '201': { description } });

/** The access-control routes, for the OpenAPI document. */
export const ACCESS_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    tag,
    summary: 'Log in: sets the session cookie, returns the user and the CSRF token for writes',
    body: Login,
    responses: ok('Logged in', z.looseObject({ user: z.looseObject({}), csrfToken: z.string() })),
  },
  { method: 'post', path: '/api/auth/logout', tag, summary: 'End the session', responses: none },
  {
    method: 'get',
    path: '/api/auth/me',
    tag,
    summary: 'Who is calling, with the CSRF token',
    responses: ok('Me'),
  },
  { method: 'get', path: '/api/users', tag, summary: 'List users (admin)', responses: ok('Users', Items) },
  {
    method: 'post',
    path: '/api/users',
    tag,
    summary: 'Create a user (admin)',
    body: UserInput,
    responses: Created('Created'),
  },
  {
    method: 'put',
    path: '/api/users/:id',
    tag,
    summary: "Change a user's role or password (admin)",
    body: UserPatch,
    responses: ok('Updated'),
  },
  { method: 'delete', path: '/api/users/:id', tag, summary: 'Delete a user (admin)', responses: none },
  {
    method: 'get',
    path: '/api/tokens',
    tag,
    summary: 'List API tokens (admin)',
    responses: ok('Tokens', Items),
  },
  {
    method: 'post',
    path: '/api/tokens',
    tag,
    summary: 'Create an API token carrying a role (admin); the token is shown this once',
    body: TokenInput,
    responses: Created('Created'),
  },
  { method: 'delete', path: '/api/tokens/:id', tag, summary: 'Revoke an API token (admin)', responses: none },
  {
    method: 'get',
    path: '/api/write-keys',
    tag,
    summary: 'List write keys (admin)',
    responses: ok('Write keys', Items),
  },
  {
    method: 'post',
    path: '/api/write-keys',
    tag,
    summary: 'Create an ingest-only write key (admin); the key is shown this once',
    body: WriteKeyInput,
    responses: Created('Created'),
  },
  {
    method: 'delete',
    path: '/api/write-keys/:id',
    tag,
    summary: 'Revoke a write key (admin)',
    responses: none,
  },
];
