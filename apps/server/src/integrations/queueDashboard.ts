import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';

/** Where the queue dashboard is mounted. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board over the given queues, as a router to mount at {@link QUEUE_DASHBOARD_PATH}. It sees
 * (and can retry or remove) every job, so it is for admins only: the access-control work wraps the
 * router this returns in its admin check where app.ts mounts it.
 */
export function queueDashboard(queues: readonly Queue[], basePath = QUEUE_DASHBOARD_PATH): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    // The express adapter ships its own copy of @bull-board/api (another patch version): the classes
    // match at run time but TypeScript sees two declarations of their private fields.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  return serverAdapter.getRouter() as Router;
}
