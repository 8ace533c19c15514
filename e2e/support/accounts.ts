import { type APIRequestContext, expect } from '@playwright/test';
import { uniqueName } from './api.js';

type Doc = Record<string, unknown>;

/** An account of this spec's own: a unique company domain, lower case as account keys are. */
export function uniqueCompanyDomain(prefix: string): string {
  return `${uniqueName(prefix).toLowerCase().replace(/\s+/g, '-')}.test`;
}

/** A unique address at `domain` (a company's, or a free-mail provider's). */
export function emailAt(domain: string, prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@${domain}`;
}

/** A score name of this spec's own, so changing its definition touches no other spec. */
export function uniqueScoreName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Sends one event for a contact given by email, with the attributes it should have (`company`). */
export async function sendContactEvent(
  request: APIRequestContext,
  type: string,
  email: string,
  attributes: Record<string, unknown> = {},
): Promise<void> {
  const res = await request.post('/api/events', {
    data: { type, contact: { email, attributes }, properties: {} },
  });
  if (res.status() !== 202) throw new Error(`event: ${res.status()} ${await res.text()}`);
}

/** "`event` -> add `delta` to `score`", re-entered on every event. */
export function addPointsDoc(name: string, event: string, score: string, delta: number): Doc {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event } },
      { id: 'a', type: 'action.adjustScore', position: { x: 0, y: 160 }, config: { score, delta } },
    ],
    edges: [{ id: 'e', source: 't', target: 'a' }],
  };
}

/** "Account `score` reaches `value` -> tag the contact with `tag`". */
export function accountThresholdDoc(name: string, score: string, value: number, tag: string): Doc {
  return {
    schemaVersion: 1,
    settings: { name, reentry: { mode: 'always' }, exits: [] },
    nodes: [
      { id: 't', type: 'trigger.accountThreshold', position: { x: 0, y: 0 }, config: { score, value } },
      { id: 'a', type: 'action.addTag', position: { x: 0, y: 160 }, config: { tag } },
    ],
    edges: [{ id: 'e', source: 't', target: 'a' }],
  };
}

type Account = {
  key: string;
  name: string;
  contacts: number;
  score: number;
  aggregate: string;
  members: { contactId: string; email: string | null; value: number; contribution: number }[];
};

/** The account as the API answers it under `score`, or null while no contact has it. */
export async function getAccount(
  request: APIRequestContext,
  key: string,
  score: string,
): Promise<Account | null> {
  const res = await request.get(
    `/api/accounts/${encodeURIComponent(key)}?score=${encodeURIComponent(score)}`,
  );
  if (res.status() === 404) return null;
  if (!res.ok()) throw new Error(`account: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Account;
}

/** Waits until the workers have brought the account to `contacts` contacts and `value` points. */
export async function waitForAccount(
  request: APIRequestContext,
  key: string,
  score: string,
  want: { contacts: number; score: number },
): Promise<Account> {
  let account: Account | null = null;
  await expect
    .poll(
      async () => {
        account = await getAccount(request, key, score);
        return account && { contacts: account.contacts, score: account.score };
      },
      {
        timeout: 20_000,
        message: `account ${key} with ${want.contacts} contacts and ${score} ${want.score}`,
      },
    )
    .toEqual(want);
  return account as unknown as Account;
}

/** The id of the contact with this email (it exists once its first event was processed). */
export async function contactIdOf(request: APIRequestContext, email: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const body = (await (await request.get(`/api/contacts?email=${encodeURIComponent(email)}`)).json()) as {
        items: { id: string }[];
      };
      id = body.items[0]?.id;
      return id;
    })
    .toBeTruthy();
  return id as string;
}

/** The contact's tags. */
export async function tagsOf(request: APIRequestContext, id: string): Promise<string[]> {
  const res = await request.get(`/api/contacts/${encodeURIComponent(id)}`);
  if (!res.ok()) throw new Error(`contact: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { tags: string[] }).tags;
}
