import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

describe('access repository', () => {
  it('creates users and finds one by email whatever the case', async () => {
    const ann = await store().access.createUser({
      email: 'Ann@Example.com',
      passwordHash: 'h1',
      role: 'admin',
    });
    expect(ann).toEqual({
      id: ann.id,
      email: 'Ann@Example.com',
      role: 'admin',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await store().access.findUserByEmail('ann@EXAMPLE.com')).toEqual({ ...ann, passwordHash: 'h1' });
    expect(await store().access.findUserByEmail('bob@example.com')).toBeUndefined();
    expect(await store().access.getUser(ann.id)).toEqual(ann);
    await expect(
      store().access.createUser({ email: 'ANN@example.com', passwordHash: 'h2', role: 'support' }),
    ).rejects.toThrow(/unique/i);
    const bob = await store().access.createUser({
      email: 'bob@example.com',
      passwordHash: 'h2',
      role: 'support',
    });
    const cy = await store().access.createUser({
      email: 'Cy@example.com',
      passwordHash: 'h3',
      role: 'marketer',
    });
    // By email, case aside.
    expect((await store().access.listUsers()).map((u) => u.id)).toEqual([ann.id, bob.id, cy.id]);
    expect(await store().access.countUsers()).toBe(3);
    expect(await store().access.deleteUser(cy.id)).toBe(true);
    expect(await store().access.deleteUser(cy.id)).toBe(false);
    expect(await store().access.countUsers()).toBe(2);
  });

  it('ends the sessions of a user whose password changes, not when only the role does', async () => {
    const ann = await store().access.createUser({
      email: 'ann@example.com',
      passwordHash: 'h1',
      role: 'admin',
    });
    const expiresAt = clock().now() + 60_000;
    await store().access.createSession({ idHash: 's1', userId: ann.id, csrfToken: 'c1', expiresAt });
    expect(await store().access.findSession('s1')).toEqual({ user: ann, csrfToken: 'c1', expiresAt });
    expect(await store().access.updateUser(ann.id, { role: 'support' })).toEqual({ ...ann, role: 'support' });
    expect(await store().access.findSession('s1')).toBeDefined();
    expect(await store().access.updateUser(ann.id, {})).toEqual({ ...ann, role: 'support' });
    await store().access.updateUser(ann.id, { passwordHash: 'h2' });
    expect(await store().access.findSession('s1')).toBeUndefined();
    expect((await store().access.findUserByEmail('ann@example.com'))?.passwordHash).toBe('h2');
    expect(await store().access.updateUser('missing', { role: 'admin' })).toBeUndefined();
  });

  it('forgets expired sessions, and deletes one on logout', async () => {
    const ann = await store().access.createUser({
      email: 'ann@example.com',
      passwordHash: 'h',
      role: 'admin',
    });
    await store().access.createSession({
      idHash: 'old',
      userId: ann.id,
      csrfToken: 'c',
      expiresAt: clock().now() + 10,
    });
    await store().access.createSession({
      idHash: 's2',
      userId: ann.id,
      csrfToken: 'c',
      expiresAt: clock().now() + 99,
    });
    clock().advance(10);
    expect(await store().access.findSession('old')).toBeUndefined();
    // A new session clears the expired ones out of the table.
    await store().access.createSession({
      idHash: 's3',
      userId: ann.id,
      csrfToken: 'c',
      expiresAt: clock().now() + 99,
    });
    const left = await store().db.selectFrom('sessions').select('id_hash').orderBy('id_hash').execute();
    expect(left.map((r) => r.id_hash)).toEqual(['s2', 's3']);
    await store().access.deleteSession('s2');
    expect(await store().access.findSession('s2')).toBeUndefined();
    expect(await store().access.findSession('s3')).toBeDefined();
  });

  it('finds tokens by hash and records their use at most once a minute', async () => {
    const ann = await store().access.createUser({
      email: 'ann@example.com',
      passwordHash: 'h',
      role: 'admin',
    });
    const token = await store().access.createToken({
      name: 'ci',
      hash: 'th',
      role: 'marketer',
      userId: ann.id,
    });
    expect(token).toEqual({
      id: token.id,
      name: 'ci',
      role: 'marketer',
      userId: ann.id,
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: null,
    });
    const fixed = await store().access.createToken({ name: 'bot', hash: 'bh', role: 'support', id: 'tok-1' });
    expect(fixed).toMatchObject({ id: 'tok-1', userId: null });
    clock().advance(1000);
    expect(await store().access.useToken('th')).toEqual(token);
    clock().advance(30_000);
    await store().access.useToken('th');
    const [listed] = await store().access.listTokens();
    expect(listed?.lastUsedAt).toBe('2026-01-01T00:00:01.000Z');
    clock().advance(60_000);
    await store().access.useToken('th');
    expect((await store().access.listTokens())[0]?.lastUsedAt).toBe('2026-01-01T00:01:31.000Z');
    expect(await store().access.useToken('nope')).toBeUndefined();
    expect(await store().access.deleteToken(token.id)).toBe(true);
    expect(await store().access.deleteToken(token.id)).toBe(false);
    expect((await store().access.listTokens()).map((t) => t.id)).toEqual(['tok-1']);
  });

  it('creates, finds, lists and deletes write keys', async () => {
    const key = await store().access.createWriteKey({ name: 'site', hash: 'wh' });
    expect(key).toEqual({ id: key.id, name: 'site', createdAt: '2026-01-01T00:00:00.000Z' });
    clock().advance(1);
    const other = await store().access.createWriteKey({ name: 'app', hash: 'wh2' });
    expect(await store().access.findWriteKey('wh')).toEqual(key);
    expect(await store().access.findWriteKey('nope')).toBeUndefined();
    expect(await store().access.listWriteKeys()).toEqual([key, other]);
    expect(await store().access.deleteWriteKey(key.id)).toBe(true);
    expect(await store().access.deleteWriteKey(key.id)).toBe(false);
    expect(await store().access.listWriteKeys()).toEqual([other]);
  });
});
