import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_REDIS_URL } from '../testing/harness.js';
import { createHolders, type HolderRecord, holderKey, isDead, thisProcess } from './holders.js';

// Redis only (no store): the PostgreSQL project runs this file too, which repeats it harmlessly.
const LONG_LOCK_MS = 120_000;
let prefix: string;
let redis: Redis;
let queue: Queue;
const workers: Worker[] = [];

beforeEach(() => {
  prefix = `test-holders-${randomUUID().slice(0, 8)}`;
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue('events', { connection: redis, prefix });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close(true)));
  await queue.obliterate({ force: true });
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

/** A worker that takes the queue's one job and never finishes it, then stops renewing its lock. */
async function stuckHolder(): Promise<Worker> {
  const worker = new Worker('events', () => new Promise(() => undefined), {
    connection: redis.duplicate(),
    prefix,
    lockDuration: LONG_LOCK_MS,
  });
  workers.push(worker);
  await vi.waitFor(async () => expect(await queue.getActiveCount()).toBe(1), {
    timeout: 10_000,
    interval: 20,
  });
  return worker;
}

/** The holder record of `worker` says what `change` makes of this process's. */
async function recordAs(worker: Worker, change: Partial<HolderRecord>) {
  await redis.set(holderKey(prefix, worker.id), JSON.stringify({ ...thisProcess(), ...change }));
}

describe('holders of jobs', () => {
  it('takes up at once the jobs of a process of this host that died, long before their locks expire', async () => {
    await queue.add('event', { eventId: 'e1' }, { jobId: 'e1' });
    const dead = await stuckHolder();
    const holders = createHolders(redis, prefix, 3);
    await holders.register([dead.id]);
    // The process holding the job is gone (its worker stops renewing; the lock stays).
    await dead.close(true);
    await recordAs(dead, { pid: await deadPid() });
    expect(await redis.pttl(queue.toKey('e1:lock'))).toBeGreaterThan(LONG_LOCK_MS / 2);

    const done: Job[] = [];
    const next = new Worker('events', async (job) => void done.push(job), {
      connection: redis.duplicate(),
      prefix,
    });
    workers.push(next);
    expect(await holders.takeOver(queue)).toBe(1);
    await vi.waitFor(() => expect(done).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(done[0]?.data).toEqual({ eventId: 'e1' });
    // Counted as a stall, as the lock's expiry would have.
    expect(done[0]?.stalledCounter).toBe(1);
  });

  it('leaves the jobs of live workers, of other hosts and containers, and of unknown holders where they are', async () => {
    await queue.add('event', { eventId: 'e2' }, { jobId: 'e2' });
    const holder = await stuckHolder();
    const holders = createHolders(redis, prefix, 3);
    const pid = await deadPid();
    const lock = await redis.get(queue.toKey('e2:lock'));
    for (const change of [
      {},
      { host: 'another-host', pid },
      { pidNamespace: 'pid:[1]', pid },
      { pidNamespace: null, pid },
    ]) {
      await recordAs(holder, change);
      expect(await holders.takeOver(queue)).toBe(0);
    }
    await redis.del(holderKey(prefix, holder.id));
    expect(await holders.takeOver(queue)).toBe(0);
    expect(await queue.getActiveCount()).toBe(1);
    expect(await redis.get(queue.toKey('e2:lock'))).toBe(lock);
  });

  it('leaves a job that has stalled as often as allowed to the stalled check, which fails it', async () => {
    await queue.add('event', { eventId: 'e3' }, { jobId: 'e3' });
    const dead = await stuckHolder();
    await dead.close(true);
    await recordAs(dead, { pid: await deadPid() });
    await redis.hset(queue.toKey('e3'), 'stc', 3);
    expect(await createHolders(redis, prefix, 3).takeOver(queue)).toBe(0);
    expect(await queue.getActiveCount()).toBe(1);
  });

  it('counts a process as dead only on this host and in this pid namespace, under a pid no longer in use', async () => {
    const self = thisProcess();
    expect(isDead(self)).toBe(false);
    expect(isDead({ ...self, pid: await deadPid() })).toBe(self.pidNamespace !== null);
    expect(isDead({ ...self, pid: 1 })).toBe(false);
  });

  it('forgets its records when it stops', async () => {
    const holders = createHolders(redis, prefix, 3);
    await holders.register(['w1', 'w2']);
    expect(await redis.exists(holderKey(prefix, 'w1'), holderKey(prefix, 'w2'))).toBe(2);
    await holders.unregister();
    expect(await redis.exists(holderKey(prefix, 'w1'), holderKey(prefix, 'w2'))).toBe(0);
  });
});
