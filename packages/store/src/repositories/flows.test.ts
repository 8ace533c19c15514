import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { TEST_POSTGRES_URL } from '../testing.js';
import { flowDocument, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

describe('flows repository', () => {
  it('round-trips a draft with its name taken from the document', async () => {
    const document = flowDocument('Welcome scoring');
    const created = await store().flows.create({ document });
    expect(created).toMatchObject({
      name: 'Welcome scoring',
      status: 'draft',
      latestVersion: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store().flows.get(created.id)).toEqual({ ...created, document });
  });

  it('keeps a given id', async () => {
    expect((await store().flows.create({ id: 'flow-1', document: flowDocument() })).id).toBe('flow-1');
    expect((await store().flows.get('flow-1'))?.name).toBe('Welcome scoring');
  });

  it('updates the draft, the name following the document', async () => {
    const flow = await store().flows.create({ document: flowDocument('Old name') });
    clock().advance(1000);
    const updated = await store().flows.updateDraft(flow.id, flowDocument('New name', 25));
    expect(updated?.name).toBe('New name');
    expect(updated?.document.nodes[1]?.config).toEqual({ score: 'SCORE', delta: 25 });
    expect(updated?.updatedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(updated?.createdAt).toBe(flow.createdAt);
    expect(await store().flows.updateDraft('missing', flowDocument())).toBeUndefined();
  });

  it('lists summaries without documents, most recently updated first', async () => {
    const a = await store().flows.create({ document: flowDocument('A') });
    clock().advance(10);
    const b = await store().flows.create({ document: flowDocument('B') });
    clock().advance(10);
    await store().flows.updateDraft(a.id, flowDocument('A2'));
    const list = await store().flows.list();
    expect(list.map((flow) => flow.name)).toEqual(['A2', 'B']);
    expect(list[0]).not.toHaveProperty('document');
    expect(list[1]).toEqual({
      id: b.id,
      name: 'B',
      status: 'draft',
      latestVersion: null,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
    });
  });

  it('publishes increasing version numbers and keeps published versions immutable', async () => {
    const flow = await store().flows.create({ document: flowDocument('Scoring', 10) });
    const v1 = await store().flows.publish(flow.id, flow.document);
    expect(v1).toEqual({
      flowId: flow.id,
      version: 1,
      document: flow.document,
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
    expect((await store().flows.get(flow.id))?.latestVersion).toBe(1);

    clock().advance(60_000);
    await store().flows.updateDraft(flow.id, flowDocument('Scoring', 20));
    const v2 = await store().flows.publish(flow.id, flowDocument('Scoring', 20));
    expect(v2?.version).toBe(2);
    expect((await store().flows.get(flow.id))?.latestVersion).toBe(2);

    // Editing the draft and publishing again leave version 1 exactly as it was published.
    expect(await store().flows.getVersion(flow.id, 1)).toEqual(v1);
    expect((await store().flows.getVersion(flow.id, 2))?.document.nodes[1]?.config).toEqual({
      score: 'SCORE',
      delta: 20,
    });
    expect(await store().flows.listVersions(flow.id)).toEqual([
      { flowId: flow.id, version: 2, publishedAt: '2026-01-01T00:01:00.000Z' },
      { flowId: flow.id, version: 1, publishedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(await store().flows.getVersion(flow.id, 3)).toBeUndefined();
  });

  it('refuses any direct change to a published version', async () => {
    const flow = await store().flows.create({ document: flowDocument() });
    await store().flows.publish(flow.id, flow.document);
    await expect(sql`UPDATE flow_versions SET document = '{}'`.execute(store().db)).rejects.toThrow(
      /immutable/,
    );
  });

  it('does not publish or change the status of a missing flow', async () => {
    expect(await store().flows.publish('missing', flowDocument())).toBeUndefined();
    expect(await store().flows.setStatus('missing', 'active')).toBeUndefined();
    expect(await store().flows.get('missing')).toBeUndefined();
    expect(await store().flows.listVersions('missing')).toEqual([]);
  });

  it('sets the status', async () => {
    const flow = await store().flows.create({ document: flowDocument() });
    clock().advance(5);
    expect(await store().flows.setStatus(flow.id, 'active')).toMatchObject({
      status: 'active',
      updatedAt: '2026-01-01T00:00:00.005Z',
    });
    expect((await store().flows.setStatus(flow.id, 'paused'))?.status).toBe('paused');
    expect((await store().flows.get(flow.id))?.status).toBe('paused');
  });

  it('deletes a flow with its versions, trigger index rows and runs', async () => {
    const flow = await store().flows.create({ document: flowDocument() });
    await store().flows.publish(flow.id, flow.document);
    await store().triggers.replaceForFlow(flow.id, 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    const { contact } = await store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    const run = await store().runs.create({ flowId: flow.id, flowVersion: 1, contactId: contact.id });
    await store().ledger.append({
      contactId: contact.id,
      score: 'SCORE',
      delta: 10,
      value: 10,
      causeKind: 'flow',
      flowId: flow.id,
      runId: run.id,
    });

    expect(await store().flows.delete(flow.id)).toBe(true);
    expect(await store().flows.get(flow.id)).toBeUndefined();
    expect(await store().flows.getVersion(flow.id, 1)).toBeUndefined();
    expect(await store().triggers.find('trigger.event', 'email.clicked')).toEqual([]);
    expect(await store().runs.get(run.id)).toBeUndefined();
    // The ledger still explains the contact's score after the flow is gone.
    expect(await store().ledger.sumForContact(contact.id, 'SCORE')).toBe(10);
    expect(await store().flows.delete(flow.id)).toBe(false);
  });

  it('gives two connections publishing the same flow distinct version numbers', async () => {
    const flow = await store().flows.create({ document: flowDocument() });
    const other = await openStore(store().database.location);
    try {
      const versions = [
        (await store().flows.publish(flow.id, flow.document))?.version,
        (await other.flows.publish(flow.id, flow.document))?.version,
        (await store().flows.publish(flow.id, flow.document))?.version,
      ];
      expect(versions).toEqual([1, 2, 3]);
      expect((await other.flows.get(flow.id))?.latestVersion).toBe(3);
    } finally {
      await other.close();
    }
  });

  // PostgreSQL only: SQLite connections of one process cannot race, a writer waiting for the lock
  // blocks the thread of the one holding it (processes sharing a file take turns through BEGIN IMMEDIATE).
  it.skipIf(!TEST_POSTGRES_URL)('numbers versions without gaps or repeats when publishers race', async () => {
    const flow = await store().flows.create({ document: flowDocument() });
    const others = await Promise.all([1, 2, 3].map(() => openStore(store().database.location)));
    try {
      const published = await Promise.all(
        [store(), ...others, store(), ...others].map((s) => s.flows.publish(flow.id, flow.document)),
      );
      expect(published.map((v) => v?.version).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8,
      ]);
      expect((await store().flows.get(flow.id))?.latestVersion).toBe(8);
      expect((await store().flows.listVersions(flow.id)).map((v) => v.version)).toEqual([
        8, 7, 6, 5, 4, 3, 2, 1,
      ]);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });
});
