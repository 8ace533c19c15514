import type { APIRequestContext } from '@playwright/test';

type Doc = Record<string, unknown>;

/** Creates a flow through the real API and returns its id (setup for specs about something else). */
export async function createFlow(request: APIRequestContext, document: Doc): Promise<string> {
  const res = await request.post('/api/flows', { data: { document } });
  if (res.status() !== 201) throw new Error(`create flow: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** The stored draft document of a flow. */
export async function getDocument(
  request: APIRequestContext,
  id: string,
): Promise<Doc & { nodes: Doc[]; edges: Doc[] }> {
  const res = await request.get(`/api/flows/${id}`);
  if (!res.ok()) throw new Error(`get flow: ${res.status()}`);
  return ((await res.json()) as { document: Doc & { nodes: Doc[]; edges: Doc[] } }).document;
}

/** A unique name so specs running side by side never look at each other's flows. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A minimal valid flow: email clicked (or `event`) -> +10 SCORE. */
export function clickScoringDoc(name: string, event = 'email.clicked'): Doc {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      {
        id: 'a1',
        type: 'action.adjustScore',
        position: { x: 0, y: 160 },
        config: { score: 'SCORE', delta: 10 },
      },
    ],
    edges: [{ id: 'e1', source: 't1', target: 'a1' }],
  };
}
