import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';

/**
 * Which process holds which job, so that a worker starting after a crash takes up at once the jobs
 * of the process that died (SIGKILL, out of memory) instead of waiting for their locks to expire: a
 * worker restarted by its supervisor would otherwise sit idle on those jobs for 10 to 15 s (the lock,
 * then the next stalled check), most of the time it takes to drain a backlog of thousands of events.
 *
 * Every BullMQ worker has an id, the first part of each lock token it holds (`<id>:<n>`). Each process
 * records, per worker, the host, pid and pid namespace it runs in. A lock's holder counts as dead only
 * when that record says it ran on this host, in this pid namespace, under a pid that no longer exists;
 * anything else (no record, another host, another container, a pid in use, even by another program) is
 * left to the lock's expiry as before. A job taken up twice is harmless anyway (every step is
 * idempotent); the check only keeps live workers' jobs where they are.
 */

/** How long a record outlives its process's last renewal: it only has to outlast a restart. */
const RECORD_TTL_MS = 24 * 3_600_000;

export interface HolderRecord {
  host: string;
  pid: number;
  /** The pid namespace (Linux); null where it cannot be read, which never counts as dead. */
  pidNamespace: string | null;
}

export const holderKey = (prefix: string, workerId: string) => `${prefix}:scoreflow:holder:${workerId}`;

function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

/** This process, as a record says it. */
export const thisProcess = (): HolderRecord => ({
  host: hostname(),
  pid: process.pid,
  pidNamespace: pidNamespace(),
});

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists and belongs to someone else.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Whether the process a record describes has certainly died. */
export function isDead(record: HolderRecord, self: HolderRecord = thisProcess()): boolean {
  if (record.host !== self.host || record.pidNamespace === null || record.pidNamespace !== self.pidNamespace)
    return false;
  return !exists(record.pid);
}

function parseRecord(text: string | null): HolderRecord | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<HolderRecord>;
    if (typeof value.host !== 'string' || typeof value.pid !== 'number') return undefined;
    return { host: value.host, pid: value.pid, pidNamespace: value.pidNamespace ?? null };
  } catch {
    return undefined;
  }
}

/**
 * @param maxStalledCount the workers' own: a take-over counts as a stall, so a job that keeps killing
 *   the processes that take it still fails once stalled this often, as it would without take-overs.
 */
export function createHolders(redis: Redis | Cluster, prefix: string, maxStalledCount: number) {
  const self = thisProcess();
  const registered: string[] = [];
  return {
    /** Records this process as the holder of the given workers' jobs. */
    async register(workerIds: readonly string[]): Promise<void> {
      const record = JSON.stringify(self);
      for (const id of workerIds) {
        await redis.set(holderKey(prefix, id), record, 'PX', RECORD_TTL_MS);
        registered.push(id);
      }
    },
    /**
     * Moves the queue's active jobs whose holder has died back to the head of the waiting list, where
     * the next free worker takes them; returns how many. A job whose lock changed or went meanwhile
     * (its holder finished it, a stalled check moved it) is left as it is: the move checks the token.
     */
    async takeOver(queue: Queue): Promise<number> {
      let moved = 0;
      for (const job of await queue.getActive()) {
        if (!job.id) continue;
        const token = await redis.get(queue.toKey(`${job.id}:lock`));
        const workerId = token?.split(':')[0];
        if (!token || !workerId) continue;
        const holder = parseRecord(await redis.get(holderKey(prefix, workerId)));
        if (!holder || !isDead(holder, self)) continue;
        // Left to the lock's expiry: the stalled check that follows fails the job.
        if (job.stalledCounter >= maxStalledCount) continue;
        await redis.hincrby(queue.toKey(job.id), 'stc', 1);
        const result = await job.moveToWait(token).catch(() => -1);
        if (result >= 0) moved++;
      }
      return moved;
    },
    /** Forgets this process's records (a clean stop holds nothing). */
    async unregister(): Promise<void> {
      const ids = registered.splice(0);
      for (const id of ids) await redis.del(holderKey(prefix, id));
    },
  };
}

export type Holders = ReturnType<typeof createHolders>;
