import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flow, node } from '@scoreflow/flow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRedis } from './redis.js';
import { activateFlow, type RedisClusterHandle, startRedisCluster } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

// A real three-node Redis Cluster on loopback ports, shared by the tests of this file.
let cluster: RedisClusterHandle;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-cluster-'));
  cluster = await startRedisCluster(dir);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clicks = flow(
  [
    node('t', 'trigger.event', { event: 'email.clicked' }),
    node('w', 'control.wait', { seconds: 60 }),
    node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
  ],
  ['t>w', 'w>a'],
  { name: 'Clicks on a cluster' },
);

describe('on a Redis Cluster', () => {
  const t = useTestRuntime(() => ({ redisUrl: cluster.url }));

  it('processes events, resumes waits and keeps every queue key of the installation in one slot', async () => {
    await activateFlow(t().store, clicks);
    const contacts = Array.from({ length: 20 }, (_, i) => ({ email: `c${i}@example.com` }));
    await t().send(...contacts.map((contact) => ({ type: 'email.clicked', contact })));
    expect(await t().store.waits.listDue(Number.MAX_SAFE_INTEGER, 100)).toHaveLength(20);

    t().clock.advance(61_000);
    await t().runtime.reconcile();
    const scoreOf = async (email: string) =>
      t().store.scores.get((await t().store.contacts.findByEmail(email))?.id ?? '', 'SCORE');
    await t().until(
      async () => (await Promise.all(contacts.map((c) => scoreOf(c.email)))).every((s) => s === 10),
      'every wait resumed',
    );

    const inspect = cluster.client();
    try {
      await inspect.ping(); // the cluster client knows its nodes once connected
      const slots = new Set<number>();
      for (const server of inspect.nodes('master')) {
        const keys = await server.keys(`{${t().prefix}}:*`);
        for (const key of keys) slots.add(Number(await server.cluster('KEYSLOT', key)));
      }
      expect(slots.size).toBe(1);
    } finally {
      inspect.disconnect();
    }
  });
});

describe('resolveRedis', () => {
  it('takes a single address that turns out to be a cluster node as the cluster', async () => {
    const redis = await resolveRedis({ redisUrl: `redis://127.0.0.1:${cluster.ports[1]}`, dataDir: dir });
    try {
      expect(redis.url).toBe(`redis+cluster://127.0.0.1:${cluster.ports[1]}`);
      expect(await redis.client.ping()).toBe('PONG');
    } finally {
      await redis.close();
    }
  });
});
