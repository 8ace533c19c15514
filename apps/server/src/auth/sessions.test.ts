import { sql } from '@scoreflow/store';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';
import { bootstrapAccess } from './bootstrap.js';
import { hashSecret } from './secrets.js';

const ctx = useTestApp();

const PASSWORD = 'correct horse battery';

async function createUser(role: 'admin' | 'marketer' | 'support', email = `${role}@example.com`) {
  await request(ctx.bare())
    .post('/api/users')
    .set(await tokenHeaders(ctx.store(), 'admin'))
    .send({ email, password: PASSWORD, role })
    .expect(201);
  return email;
}

async function login(email: string) {
  const res = await request(ctx.bare())
    .post('/api/auth/login')
    .send({ email, password: PASSWORD })
    .expect(200);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '');
  return { cookie: cookie.split(';')[0] ?? '', setCookie: cookie, csrf: res.body.csrfToken as string };
}

describe('login sessions', () => {
  it('logs in with a cookie that is httpOnly and SameSite=Lax, and writes need the CSRF token', async () => {
    const email = await createUser('marketer');
    const { cookie, setCookie, csrf } = await login(email);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);

    const me = await request(ctx.bare()).get('/api/auth/me').set('cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ user: { email }, role: 'marketer', csrfToken: csrf });
    await request(ctx.bare()).get('/api/flows').set('cookie', cookie).expect(200);

    // A write riding on the cookie alone is what a cross-site form would send.
    await request(ctx.bare()).post('/api/flows').set('cookie', cookie).send({ name: 'x' }).expect(403);
    await request(ctx.bare())
      .post('/api/flows')
      .set({ cookie, 'x-csrf-token': 'guessed' })
      .send({ name: 'x' })
      .expect(403);
    await request(ctx.bare())
      .post('/api/flows')
      .set({ cookie, 'x-csrf-token': csrf })
      .send({ name: 'x' })
      .expect(201);
    // Marketers do not manage users.
    await request(ctx.bare()).get('/api/users').set('cookie', cookie).expect(403);

    await request(ctx.bare()).post('/api/auth/logout').set({ cookie, 'x-csrf-token': csrf }).expect(204);
    await request(ctx.bare()).get('/api/flows').set('cookie', cookie).expect(401);
  });

  it('refuses a wrong password and an unknown email alike, and stores no password in clear', async () => {
    const email = await createUser('support');
    const wrong = await request(ctx.bare())
      .post('/api/auth/login')
      .send({ email, password: 'nope nope nope' });
    const unknown = await request(ctx.bare())
      .post('/api/auth/login')
      .send({ email: 'who@example.com', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const stored = (await ctx.store().access.findUserByEmail(email))?.passwordHash ?? '';
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain(PASSWORD);
  });

  it('shows a created token once and stores only its hash', async () => {
    const created = await request(ctx.bare())
      .post('/api/tokens')
      .set(await tokenHeaders(ctx.store(), 'admin'))
      .send({ name: 'ci', role: 'support' })
      .expect(201);
    const token = created.body.token as string;
    const listed = await request(ctx.bare())
      .get('/api/tokens')
      .set(await tokenHeaders(ctx.store(), 'admin'))
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const { rows } = await sql`select * from api_tokens`.execute(ctx.store().db);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(token);
    expect(raw).toContain(hashSecret(token));
    const auth = { authorization: `Bearer ${token}` };
    await request(ctx.bare()).get('/api/runs').set(auth).expect(200);
    await request(ctx.bare()).post('/api/flows').set(auth).send({ name: 'x' }).expect(403);
  });
});

describe('bootstrap', () => {
  it('creates the first admin once and makes the bootstrap token work', async () => {
    const printed: string[] = [];
    const print = (line: string) => printed.push(line);
    await bootstrapAccess(ctx.store(), { bootstrapToken: 'sf_bootstrap_for_tests', print });
    await bootstrapAccess(ctx.store(), { bootstrapToken: 'sf_bootstrap_for_tests', print });
    expect(await ctx.store().access.listUsers()).toEqual([expect.objectContaining({ role: 'admin' })]);
    expect(printed).toHaveLength(1);
    const password = /\/ (\S+) /.exec(printed[0] ?? '')?.[1] ?? '';
    await request(ctx.bare())
      .post('/api/auth/login')
      .send({ email: 'admin@localhost', password })
      .expect(200);
    await request(ctx.bare())
      .get('/api/users')
      .set('authorization', 'Bearer sf_bootstrap_for_tests')
      .expect(200);
    expect((await ctx.store().access.listTokens()).filter((t) => t.name === 'bootstrap')).toHaveLength(1);
  });

  it('uses the configured admin email and password', async () => {
    await bootstrapAccess(ctx.store(), {
      adminEmail: 'ops@example.com',
      adminPassword: PASSWORD,
      print: () => {},
    });
    await login('ops@example.com');
  });
});

describe('password guessing', () => {
  it('refuses an address after 10 failed sign-ins to one account, with 429 and Retry-After; successes do not count', async () => {
    const email = await createUser('support');
    for (let i = 0; i < 5; i++) await login(email);
    for (let i = 0; i < 10; i++) {
      await request(ctx.bare())
        .post('/api/auth/login')
        .send({ email, password: 'wrong password!' })
        .expect(401);
    }
    const refused = await request(ctx.bare())
      .post('/api/auth/login')
      .send({ email, password: PASSWORD })
      .expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Another account from the same address is not locked out by it.
    const other = await createUser('marketer');
    await login(other);
  });

  it('takes as long for an unknown email as for a wrong password, so timing tells no account apart', async () => {
    const email = await createUser('support');
    const timed = async (who: string) => {
      const started = performance.now();
      await request(ctx.bare())
        .post('/api/auth/login')
        .send({ email: who, password: 'wrong password!' })
        .expect(401);
      return performance.now() - started;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    await timed('warm-up@example.com');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await timed(email));
      unknown.push(await timed(`nobody-${i}@example.com`));
    }
    // Both verify one scrypt hash (tens of ms); without the dummy hash the unknown email took ~1/15.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });
});

describe('token guessing', () => {
  it('counts made-up bearer tokens against the address: 429 after 20, while a valid token still works', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await request(ctx.bare()).get('/api/flows').set('authorization', `Bearer sf_made_up_${i}`);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    await request(ctx.bare())
      .get('/api/flows')
      .set(await tokenHeaders(ctx.store(), 'support'))
      .expect(200);
  });

  it('counts wrong Segment write keys the same way', async () => {
    const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await request(ctx.bare())
        .post('/v1/track')
        .set('authorization', basic(`wk_made_up_${i}`))
        .send({ event: 'Clicked', userId: 'u1', messageId: `m-${i}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});

describe('the last admin', () => {
  it('can be neither demoted nor deleted until another admin exists', async () => {
    await createUser('admin', 'first@example.com');
    const users = await request(ctx.bare())
      .get('/api/users')
      .set(await tokenHeaders(ctx.store(), 'admin'))
      .expect(200);
    const first = users.body.items.find((u: { email: string }) => u.email === 'first@example.com');
    const admins = users.body.items.filter((u: { role: string }) => u.role === 'admin');
    // Remove every other admin first (bootstrap may have created one), keeping `first`.
    for (const a of admins.filter((u: { id: string }) => u.id !== first.id)) {
      await request(ctx.bare())
        .delete(`/api/users/${a.id}`)
        .set(await tokenHeaders(ctx.store(), 'admin'))
        .expect(204);
    }
    const demote = await request(ctx.bare())
      .put(`/api/users/${first.id}`)
      .set(await tokenHeaders(ctx.store(), 'admin'))
      .send({ role: 'support' })
      .expect(409);
    expect(demote.body.detail).toMatch(/last admin/);
    await request(ctx.bare())
      .delete(`/api/users/${first.id}`)
      .set(await tokenHeaders(ctx.store(), 'admin'))
      .expect(409);
    await createUser('admin', 'second@example.com');
    await request(ctx.bare())
      .put(`/api/users/${first.id}`)
      .set(await tokenHeaders(ctx.store(), 'admin'))
      .send({ role: 'support' })
      .expect(200);
  });
});

describe('access records', () => {
  it('give createdAt and lastUsedAt as ISO strings, as every other record does', async () => {
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const admin = await tokenHeaders(ctx.store(), 'admin');
    await createUser('support', 'dates@example.com');
    await request(ctx.bare()).post('/api/write-keys').set(admin).send({ name: 'site' }).expect(201);
    const users = await request(ctx.bare()).get('/api/users').set(admin).expect(200);
    const tokens = await request(ctx.bare()).get('/api/tokens').set(admin).expect(200);
    const keys = await request(ctx.bare()).get('/api/write-keys').set(admin).expect(200);
    for (const item of [...users.body.items, ...tokens.body.items, ...keys.body.items])
      expect(item.createdAt).toEqual(iso);
    // The token that made these calls was used; tokens never used say null.
    expect(tokens.body.items.map((t: { lastUsedAt: unknown }) => t.lastUsedAt)).toContainEqual(iso);
  });
});
