// The ingestion reference: the least an HTTP endpoint can do to queue an event. node:http in a process
// of its own (as the API is), the runtime's own queues (same job options) and job id scheme, one
// `queue.add` per single event and one `addBulk` per batch, answering 202 once Redis has the job(s).
// No validation, no SQLite, no auth: what is left is HTTP and BullMQ. Prints its port when listening.
import { createServer } from 'node:http';
import { createQueues, eventJobId } from '@scoreflow/runtime';

const queues = createQueues({ url: process.env.REF_REDIS_URL ?? '', prefix: process.env.REF_PREFIX ?? '' });

/** @param {import('node:http').IncomingMessage} req */
async function jsonOf(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** @param {{ id: string }} event */
const job = (event) => ({
  name: 'event',
  data: { eventId: event.id },
  opts: { jobId: eventJobId(event.id) },
});

const server = createServer(async (req, res) => {
  try {
    const body = await jsonOf(req);
    if (req.method === 'POST' && req.url === '/api/events') {
      const j = job(body);
      await queues.events.add(j.name, j.data, j.opts);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: body.id }));
    } else if (req.method === 'POST' && req.url === '/api/events/batch') {
      await queues.events.addBulk(body.events.map(job));
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: body.events.length }));
    } else {
      res.writeHead(404).end();
    }
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
  }
});

server.listen(Number(process.env.REF_PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.once('SIGTERM', () => {
  server.close();
  void queues.close().then(() => process.exit(0));
});
