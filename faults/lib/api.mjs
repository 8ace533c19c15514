/** HTTP calls against a running API process, the way a client or the editor makes them. */

/** The admin API token every fault-suite server creates at start (SCOREFLOW_BOOTSTRAP_TOKEN). */
export const FAULTS_TOKEN = 'sf_faults_bootstrap_token_for_tests';

async function call(base, method, path, body, timeoutMs = 10_000) {
  const started = Date.now();
  const res = await fetch(new URL(path, base), {
    method,
    headers: {
      authorization: `Bearer ${FAULTS_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

/** Creates, publishes and activates a flow through the API; returns its id. */
export async function activateFlow(base, document) {
  const created = await call(base, 'POST', '/api/flows', { document });
  if (created.status !== 201) throw new Error(`create flow: ${created.status} ${created.text}`);
  const { id } = JSON.parse(created.text);
  for (const step of ['publish', 'activate']) {
    const res = await call(base, 'POST', `/api/flows/${id}/${step}`);
    if (res.status >= 300) throw new Error(`${step} flow: ${res.status} ${res.text}`);
  }
  return id;
}

/** Posts events in batches of at most 500 (the API's limit); returns the ids it accepted. */
export async function sendEvents(base, events, batch = 250) {
  const accepted = [];
  for (let i = 0; i < events.length; i += batch) {
    const res = await call(base, 'POST', '/api/events/batch', { events: events.slice(i, i + batch) });
    if (res.status !== 202) throw new Error(`batch: ${res.status} ${res.text}`);
    for (const r of JSON.parse(res.text).results) if (r.status === 'accepted') accepted.push(r.id);
  }
  return accepted;
}

export { call };

/** trigger.event(event) → adjustScore(delta), entering on every event. */
export function pointsFlow(event, delta) {
  return {
    schemaVersion: 1,
    settings: { name: `${event} ${delta}`, reentry: { mode: 'always' } },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      { id: 'a', type: 'action.adjustScore', position: { x: 0, y: 100 }, config: { score: 'SCORE', delta } },
    ],
    edges: [{ id: 'e1', source: 't', target: 'a' }],
  };
}

/** trigger.event(event) → wait `seconds` → adjustScore(delta). */
export function waitFlow(event, seconds, delta) {
  return {
    schemaVersion: 1,
    settings: { name: `${event} wait ${seconds}s`, reentry: { mode: 'always' } },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      { id: 'w', type: 'control.wait', position: { x: 0, y: 100 }, config: { seconds } },
      { id: 'a', type: 'action.adjustScore', position: { x: 0, y: 200 }, config: { score: 'SCORE', delta } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w' },
      { id: 'e2', source: 'w', target: 'a' },
    ],
  };
}

/** `count` events of `type` spread over `contacts` contacts, with ids unique to this case. */
export function makeEvents(
  tag,
  count,
  contacts,
  type = (i) => (i % 3 === 0 ? 'email.clicked' : 'email.opened'),
) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${tag}-${i}`,
    type: type(i),
    contact: { email: `${tag}-${i % contacts}@example.com` },
  }));
}
