import { interruptMidBatch } from '../lib/midBatch.mjs';

/**
 * The API and two workers on three separate hosts (network namespaces with veth links to the machine
 * where Redis listens). Mid-batch, one worker host drops off the network: no signal, no closed socket,
 * its connections just go silent. Its job locks expire, the other worker takes its jobs over, and
 * nothing is lost or applied twice (the dropped worker may still finish a job locally; the event's
 * status in the database makes the second attempt a no-op).
 */
export const name = 'a worker host drops off the network mid-batch (API and workers on separate hosts)';
export const hosts = ['api', 'workerA', 'workerB'];

export async function run(ctx, { short }) {
  const { victim, ...result } = await interruptMidBatch(ctx, {
    short,
    name: 'cut',
    hosts: { api: 'api', victim: 'workerA', survivor: 'workerB' },
    interrupt: async () => {
      await ctx.cut('workerA');
    },
  });
  if (victim.child.exitCode !== null) result.failures.push('the dropped worker exited instead of hanging');
  return result;
}
