import { run as sigkill } from './sigkill.mjs';

/**
 * The SIGKILL case on a three-node Redis Cluster: the API and two workers connect to the cluster by
 * its node list, the queues live under a hash-tagged prefix, and a worker killed mid-batch has its
 * jobs taken over by the others. The context gives this case a cluster instead of one redis-server.
 */
export const name = 'SIGKILL a worker mid-batch, on a 3-node Redis Cluster';
export const redis = 'cluster';

export const run = sigkill;
