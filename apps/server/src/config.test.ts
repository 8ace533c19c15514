import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('Redis configuration', () => {
  it('names a cluster by REDIS_CLUSTER_NODES, with the credentials and TLS of REDIS_URL', () => {
    const cluster = loadConfig(
      { REDIS_URL: 'rediss://app:pw@ignored:6379', REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, 10.0.0.2:7001 ' },
      [],
    );
    expect(cluster.redisUrl).toBe('rediss+cluster://app:pw@10.0.0.1:7000,10.0.0.2:7001');
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' }, []).redisUrl).toBe(
      'redis+cluster://10.0.0.1:7000',
    );
  });

  it('keeps REDIS_URL as given without cluster nodes, and leaves it unset by default', () => {
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.1:6379' }, []).redisUrl).toBe('redis://10.0.0.1:6379');
    expect(loadConfig({}, []).redisUrl).toBeUndefined();
  });
});
