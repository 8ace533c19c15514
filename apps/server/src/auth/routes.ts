import { API, Login, TokenInput, UserInput, UserPatch, WriteKeyInput } from '@scoreflow/api';
import type { Store } from '@scoreflow/store';
import type { RequestHandler, Response, Router } from 'express';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { SESSION_COOKIE } from '../http/middleware.js';
import { parseBody } from '../http/validate.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.js';

const SESSION_MS = 7 * 24 * 3_600_000;

const noStore = (res: Response) => res.setHeader('cache-control', 'no-store');

/** A hash of a random password with the real parameters, made once: what unknown emails are checked against. */
let dummy: Promise<string> | undefined;
const dummyHash = () => {
  dummy ??= hashPassword(newSecret(''));
  return dummy;
};

/** Login, logout and the current user: `/api/auth/*`. */
export function authRoutes(store: Store, loginLimit: RequestHandler): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });

  router.on(API.access.login, loginLimit, async (req, res) => {
    const { email, password } = parseBody(Login, req.body, 'login');
    const found = await store.access.findUserByEmail(email);
    // The same answer for an unknown email and a wrong password, in the same time: an unknown email
    // is checked against a dummy hash, so timing does not reveal who has an account either.
    const matches = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
    if (!found || !matches) {
      throw new AppError('unauthorized', 'Wrong email or password');
    }
    const sessionId = newSecret('');
    const csrfToken = newSecret('');
    await store.access.createSession({
      idHash: hashSecret(sessionId),
      userId: found.id,
      csrfToken,
      expiresAt: store.now() + SESSION_MS,
    });
    res.cookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: SESSION_MS,
    });
    noStore(res);
    res.json({ user: await store.access.getUser(found.id), csrfToken });
  });

  router.on(API.access.logout, async (req, res) => {
    const sessionId = /(?:^|;\s*)scoreflow_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (sessionId) await store.access.deleteSession(hashSecret(decodeURIComponent(sessionId)));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.on(API.access.me, async (req, res) => {
    const p = req.principal;
    noStore(res);
    if (p?.kind === 'session') {
      return res.json({ user: await store.access.getUser(p.userId), role: p.role, csrfToken: p.csrfToken });
    }
    if (p?.kind === 'token') return res.json({ user: null, role: p.role, tokenId: p.id });
    throw new AppError('unauthorized', 'Not logged in');
  });

  return router.router;
}

/** Admin-only management of users, API tokens and write keys. Secrets are shown once, at creation. */
export function accessAdminRoutes(store: Store): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });

  router.on(API.access.listUsers, async (_req, res) => {
    res.json({ items: await store.access.listUsers() });
  });
  router.on(API.access.createUser, async (req, res) => {
    const input = parseBody(UserInput, req.body, 'user');
    if (await store.access.findUserByEmail(input.email)) {
      throw new AppError('conflict', `A user with the email ${input.email} exists`);
    }
    const passwordHash = await hashPassword(input.password);
    res
      .status(201)
      .json(await store.access.createUser({ email: input.email, role: input.role, passwordHash }));
  });
  /** Nobody could manage users any more: the last admin stays an admin. */
  const refuseRemovingLastAdmin = async (userId: string) => {
    const admins = (await store.access.listUsers()).filter((u) => u.role === 'admin');
    if (admins.length === 1 && admins[0]?.id === userId) {
      throw new AppError('conflict', 'This is the last admin: make another user admin first');
    }
  };

  router.on(API.access.updateUser, async (req, res) => {
    const patch = parseBody(UserPatch, req.body, 'user');
    if (patch.role !== undefined && patch.role !== 'admin') await refuseRemovingLastAdmin(req.params.id);
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    const user = await store.access.updateUser(req.params.id, {
      ...(patch.role ? { role: patch.role } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!user) throw notFound(`User ${req.params.id}`);
    res.json(user);
  });
  router.on(API.access.deleteUser, async (req, res) => {
    if (req.principal?.kind === 'session' && req.principal.userId === req.params.id) {
      throw new AppError('conflict', 'You cannot delete the user you are logged in as');
    }
    await refuseRemovingLastAdmin(req.params.id);
    if (!(await store.access.deleteUser(req.params.id))) throw notFound(`User ${req.params.id}`);
    res.status(204).end();
  });

  router.on(API.access.listTokens, async (_req, res) => {
    res.json({ items: await store.access.listTokens() });
  });
  router.on(API.access.createToken, async (req, res) => {
    const input = parseBody(TokenInput, req.body, 'token');
    const token = newSecret('sf_');
    const userId = req.principal?.kind === 'session' ? req.principal.userId : null;
    const record = await store.access.createToken({ ...input, hash: hashSecret(token), userId });
    noStore(res);
    res.status(201).json({ ...record, token });
  });
  router.on(API.access.deleteToken, async (req, res) => {
    if (!(await store.access.deleteToken(req.params.id))) throw notFound(`Token ${req.params.id}`);
    res.status(204).end();
  });

  router.on(API.access.listWriteKeys, async (_req, res) => {
    res.json({ items: await store.access.listWriteKeys() });
  });
  router.on(API.access.createWriteKey, async (req, res) => {
    const input = parseBody(WriteKeyInput, req.body, 'write key');
    const key = newSecret('wk_');
    const record = await store.access.createWriteKey({ name: input.name, hash: hashSecret(key) });
    noStore(res);
    res.status(201).json({ ...record, key });
  });
  router.on(API.access.deleteWriteKey, async (req, res) => {
    if (!(await store.access.deleteWriteKey(req.params.id))) throw notFound(`Write key ${req.params.id}`);
    res.status(204).end();
  });

  return router.router;
}
