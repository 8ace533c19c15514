import { type APIRequestContext, expect } from '@playwright/test';

/** Sends one event for a contact that carries contact attributes, merged into the contact. */
export async function sendEventWithAttributes(
  request: APIRequestContext,
  type: string,
  email: string,
  attributes: Record<string, unknown>,
): Promise<void> {
  const res = await request.post('/api/events', {
    data: { type, contact: { email, attributes }, properties: {} },
  });
  if (res.status() !== 202) throw new Error(`event: ${res.status()} ${await res.text()}`);
}

/** The id of the contact with `email`, once the workers have stored it. */
export async function contactIdByEmail(request: APIRequestContext, email: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/contacts?email=${encodeURIComponent(email)}`);
        if (!res.ok()) throw new Error(`contacts: ${res.status()} ${await res.text()}`);
        id = ((await res.json()) as { items: { id: string }[] }).items[0]?.id;
        return id;
      },
      { timeout: 20_000, message: `the contact ${email} is stored` },
    )
    .toBeTruthy();
  return id as string;
}

/** Publishes and activates the flow a scoring model generated, so its rows score live; returns its id. */
export async function publishModelFlow(request: APIRequestContext, modelId: string): Promise<string> {
  const res = await request.get(`/api/scoring-models/${modelId}`);
  if (!res.ok()) throw new Error(`model: ${res.status()} ${await res.text()}`);
  const { flowId } = (await res.json()) as { flowId: string | null };
  if (!flowId) throw new Error('the model has not generated its flow');
  for (const step of ['publish', 'activate']) {
    const answer = await request.post(`/api/flows/${flowId}/${step}`);
    if (!answer.ok()) throw new Error(`${step}: ${answer.status()} ${await answer.text()}`);
  }
  return flowId;
}

/**
 * Removes a spec's scoring model and the flow it generated: models are the workspace's, and the
 * specs running beside this one see every model.
 */
export async function removeModel(request: APIRequestContext, modelId: string, flowId?: string) {
  await request.delete(`/api/scoring-models/${modelId}`);
  if (flowId) {
    await request.post(`/api/flows/${flowId}/pause`);
    await request.delete(`/api/flows/${flowId}`);
  }
}
