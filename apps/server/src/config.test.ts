import path from 'node:path';
import { displayLocation, isPostgresUrl } from '@scoreflow/store';
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

describe('database configuration', () => {
  it('selects PostgreSQL by DATABASE_URL, shown without its password', () => {
    const url = 'postgres://scoreflow:s3cret-pw@db.internal:5432/scoreflow';
    const config = loadConfig({ DATABASE_URL: url, DATA_DIR: '/var/lib/scoreflow' }, []);
    expect(config.databaseLocation).toBe(url);
    expect(isPostgresUrl(config.databaseLocation)).toBe(true);
    const shown = displayLocation(config.databaseLocation);
    expect(shown).not.toContain('s3cret-pw');
    expect(shown).toContain('db.internal:5432/scoreflow');
    // DATA_DIR still holds the process files.
    expect(config.dataDir).toBe(path.resolve('/var/lib/scoreflow'));
  });

  it('keeps the SQLite file under DATA_DIR when DATABASE_URL is unset or empty', () => {
    for (const env of [
      { DATA_DIR: '/var/lib/scoreflow' },
      { DATA_DIR: '/var/lib/scoreflow', DATABASE_URL: '' },
    ]) {
      const config = loadConfig(env, []);
      expect(config.databaseLocation).toBe(path.join(path.resolve('/var/lib/scoreflow'), 'scoreflow.db'));
      expect(isPostgresUrl(config.databaseLocation)).toBe(false);
    }
    expect(loadConfig({}, []).databaseLocation).toBe(path.resolve('./data/scoreflow.db'));
  });

  it('sizes the PostgreSQL pool by DATABASE_POOL_SIZE, 10 by default', () => {
    expect(loadConfig({}, []).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }, []).databasePoolSize).toBe(25);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' }, [])).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('runs 8 jobs of each queue at once per worker process unless WORKER_CONCURRENCY says otherwise', () => {
    expect(loadConfig({}, []).workerConcurrency).toBe(8);
    expect(loadConfig({ WORKER_CONCURRENCY: '2' }, []).workerConcurrency).toBe(2);
    expect(() => loadConfig({ WORKER_CONCURRENCY: '0' }, [])).toThrow(/WORKER_CONCURRENCY/);
  });
});
