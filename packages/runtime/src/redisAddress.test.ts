import { describe, expect, it } from 'vitest';
import { clusterAddressText, parseRedisAddress, queuePrefix } from './redisAddress.js';

describe('Redis addresses', () => {
  it('reads one server with credentials, TLS and a database', () => {
    expect(parseRedisAddress('rediss://app:s%3Acret@cache.internal:6380/2')).toEqual({
      display: 'rediss://***@cache.internal:6380/2',
      cluster: false,
      nodes: [{ host: 'cache.internal', port: 6380 }],
      options: { username: 'app', password: 's:cret', tls: {}, db: 2 },
    });
  });

  it('reads several nodes, or the cluster scheme, as a cluster', () => {
    expect(parseRedisAddress('redis://10.0.0.1:7000,10.0.0.2:7001')).toMatchObject({
      cluster: true,
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
    });
    expect(parseRedisAddress(clusterAddressText('redis://:pw@10.0.0.1:7000'))).toMatchObject({
      cluster: true,
      options: { password: 'pw' },
    });
  });

  it('refuses what is not an address, naming it', () => {
    expect(() => parseRedisAddress('localhost:6379')).toThrow(/"localhost:6379" is not a Redis address/);
    expect(() => parseRedisAddress('redis://a:1,b:x')).toThrow(/"b:x" in the Redis address is not host:port/);
    expect(() => parseRedisAddress('redis://a:1,b:2/3')).toThrow(/one database only/);
  });

  it('makes the queue prefix a hash tag on a cluster only', () => {
    expect(queuePrefix('redis://127.0.0.1:6379', 'scoreflow')).toBe('scoreflow');
    expect(queuePrefix('redis://a:1,b:2', 'scoreflow')).toBe('{scoreflow}');
    expect(queuePrefix('redis://a:1,b:2', '{mine}')).toBe('{mine}');
  });
});
