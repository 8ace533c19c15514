import autocannon from 'autocannon';

/**
 * Closed-loop HTTP load with autocannon: `connections` keep-alive connections, one request in flight on
 * each, a warm-up on the same number of connections, then `seconds` measured. Every request gets a fresh
 * body from `body()` (events need unique ids, or the receiver would count duplicates).
 * Returns the measured part's rates: requests and items (`itemsPerRequest` per 2xx answer) per second.
 * @param {{ port: number, path: string, connections: number, seconds: number, warmupSeconds: number,
 *   body: () => unknown, itemsPerRequest: number, headers?: Record<string, string> }} options
 */
export async function httpLoad(options) {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    warmup: { connections: options.connections, duration: options.warmupSeconds },
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        method: 'POST',
        path: options.path,
        setupRequest: (req) => ({ ...req, body: JSON.stringify(options.body()) }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    itemsPerSecond: (ok * options.itemsPerRequest) / result.duration,
    requests: ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}
