// Test support (excluded from the build): a webhook receiver on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook peer that answers 500 until healed, then 200; counts what it received. */
export async function webhookPeer() {
  let failing = true;
  let received = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.statusCode = failing ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    heal: () => {
      failing = false;
    },
    received: () => received,
    close: () => new Promise((r) => server.close(r)),
  };
}
