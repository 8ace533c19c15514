import { describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { flowDocument, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

describe('flows repository', () => {
  it('round-trips a draft with its name taken from the document', () => {
    const document = flowDocument('Welcome scoring');
    const created = store().flows.create({ document });
    expect(created).toMatchObject({
      name: 'Welcome scoring',
      status: 'draft',
      latestVersion: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store().flows.get(created.id)).toEqual({ ...created, document });
  });

  it('keeps a given id', () => {
    expect(store().flows.create({ id: 'flow-1', document: flowDocument() }).id).toBe('flow-1');
    expect(store().flows.get('flow-1')?.name).toBe('Welcome scoring');
  });

  it('updates the draft, the name following the document', () => {
    const flow = store().flows.create({ document: flowDocument('Old name') });
    clock().advance(1000);
    const updated = store().flows.updateDraft(flow.id, flowDocument('New name', 25));
    expect(updated?.name).toBe('New name');
    expect(updated?.document.nodes[1]?.config).toEqual({ score: 'SCORE', delta: 25 });
    expect(updated?.updatedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(updated?.createdAt).toBe(flow.createdAt);
    expect(store().flows.updateDraft('missing', flowDocument())).toBeUndefined();
  });

  it('lists summaries without documents, most recently updated first', () => {
    const a = store().flows.create({ document: flowDocument('A') });
    clock().advance(10);
    const b = store().flows.create({ document: flowDocument('B') });
    clock().advance(10);
    store().flows.updateDraft(a.id, flowDocument('A2'));
    const list = store().flows.list();
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

  it('publishes increasing version numbers and keeps published versions immutable', () => {
    const flow = store().flows.create({ document: flowDocument('Scoring', 10) });
    const v1 = store().flows.publish(flow.id, flow.document);
    expect(v1).toEqual({
      flowId: flow.id,
      version: 1,
      document: flow.document,
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(store().flows.get(flow.id)?.latestVersion).toBe(1);

    clock().advance(60_000);
    store().flows.updateDraft(flow.id, flowDocument('Scoring', 20));
    const v2 = store().flows.publish(flow.id, flowDocument('Scoring', 20));
    expect(v2?.version).toBe(2);
    expect(store().flows.get(flow.id)?.latestVersion).toBe(2);

    // Editing the draft and publishing again leave version 1 exactly as it was published.
    expect(store().flows.getVersion(flow.id, 1)).toEqual(v1);
    expect(store().flows.getVersion(flow.id, 2)?.document.nodes[1]?.config).toEqual({
      score: 'SCORE',
      delta: 20,
    });
    expect(store().flows.listVersions(flow.id)).toEqual([
      { flowId: flow.id, version: 2, publishedAt: '2026-01-01T00:01:00.000Z' },
      { flowId: flow.id, version: 1, publishedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(store().flows.getVersion(flow.id, 3)).toBeUndefined();
  });

  it('refuses any direct change to a published version', () => {
    const flow = store().flows.create({ document: flowDocument() });
    store().flows.publish(flow.id, flow.document);
    expect(() => store().db.prepare(`UPDATE flow_versions SET document = '{}'`).run()).toThrow(/immutable/);
  });

  it('does not publish or change the status of a missing flow', () => {
    expect(store().flows.publish('missing', flowDocument())).toBeUndefined();
    expect(store().flows.setStatus('missing', 'active')).toBeUndefined();
    expect(store().flows.get('missing')).toBeUndefined();
    expect(store().flows.listVersions('missing')).toEqual([]);
  });

  it('sets the status', () => {
    const flow = store().flows.create({ document: flowDocument() });
    clock().advance(5);
    expect(store().flows.setStatus(flow.id, 'active')).toMatchObject({
      status: 'active',
      updatedAt: '2026-01-01T00:00:00.005Z',
    });
    expect(store().flows.setStatus(flow.id, 'paused')?.status).toBe('paused');
    expect(store().flows.get(flow.id)?.status).toBe('paused');
  });

  it('deletes a flow with its versions, trigger index rows and runs', () => {
    const flow = store().flows.create({ document: flowDocument() });
    store().flows.publish(flow.id, flow.document);
    store().triggers.replaceForFlow(flow.id, 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
    const run = store().runs.create({ flowId: flow.id, flowVersion: 1, contactId: contact.id });
    store().ledger.append({
      contactId: contact.id,
      score: 'SCORE',
      delta: 10,
      value: 10,
      causeKind: 'flow',
      flowId: flow.id,
      runId: run.id,
    });

    expect(store().flows.delete(flow.id)).toBe(true);
    expect(store().flows.get(flow.id)).toBeUndefined();
    expect(store().flows.getVersion(flow.id, 1)).toBeUndefined();
    expect(store().triggers.find('trigger.event', 'email.clicked')).toEqual([]);
    expect(store().runs.get(run.id)).toBeUndefined();
    // The ledger still explains the contact's score after the flow is gone.
    expect(store().ledger.sumForContact(contact.id, 'SCORE')).toBe(10);
    expect(store().flows.delete(flow.id)).toBe(false);
  });

  it('gives two connections publishing the same flow distinct version numbers', () => {
    const flow = store().flows.create({ document: flowDocument() });
    const other = openStore(store().db.name);
    try {
      const versions = [
        store().flows.publish(flow.id, flow.document)?.version,
        other.flows.publish(flow.id, flow.document)?.version,
        store().flows.publish(flow.id, flow.document)?.version,
      ];
      expect(versions).toEqual([1, 2, 3]);
      expect(other.flows.get(flow.id)?.latestVersion).toBe(3);
    } finally {
      other.close();
    }
  });
});
