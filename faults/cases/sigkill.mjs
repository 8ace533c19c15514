import { interruptMidBatch } from '../lib/midBatch.mjs';

/** A worker killed with SIGKILL in the middle of a batch: its jobs are retried once its lock expires. */
export const name = 'SIGKILL a worker mid-batch';

export async function run(ctx, { short }) {
  const { victim: _, ...result } = await interruptMidBatch(ctx, {
    short,
    name: 'kill',
    interrupt: async (victim) => {
      const { signal } = await victim.stop('SIGKILL');
      // A third worker joins, as a supervisor would restart the killed one.
      await ctx.start('worker');
      return signal === 'SIGKILL' ? [] : [`the worker ended with ${signal}, not SIGKILL`];
    },
  });
  return result;
}
