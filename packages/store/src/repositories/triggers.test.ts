import { describe, expect, it } from 'vitest';
import { flowDocument, useTestStore } from '../testSupport.js';

const { store } = useTestStore();

const publishedFlow = (id: string, versions = 1) => {
  const flow = store().flows.create({ id, document: flowDocument() });
  for (let i = 0; i < versions; i++) store().flows.publish(flow.id, flow.document);
  return flow;
};

describe('triggers repository', () => {
  it('finds the flows whose triggers match, by trigger type and key', () => {
    publishedFlow('a');
    publishedFlow('b');
    store().triggers.replaceForFlow('a', 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
      { nodeId: 'n5', triggerType: 'trigger.scoreThreshold', key: 'SCORE' },
    ]);
    store().triggers.replaceForFlow('b', 1, [
      { nodeId: 't', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);

    expect(store().triggers.find('trigger.event', 'email.clicked')).toEqual([
      { flowId: 'a', version: 1, nodeId: 'n1' },
      { flowId: 'b', version: 1, nodeId: 't' },
    ]);
    expect(store().triggers.find('trigger.scoreThreshold', 'SCORE')).toEqual([
      { flowId: 'a', version: 1, nodeId: 'n5' },
    ]);
    // The key is matched exactly, and the type too.
    expect(store().triggers.find('trigger.event', 'email.opened')).toEqual([]);
    expect(store().triggers.find('trigger.tagAdded', 'email.clicked')).toEqual([]);
  });

  it('replaces all rows of a flow when it is re-indexed on a new version', () => {
    publishedFlow('a', 2);
    store().triggers.replaceForFlow('a', 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    store().triggers.replaceForFlow('a', 2, [
      { nodeId: 'n9', triggerType: 'trigger.event', key: 'form.submitted' },
    ]);
    expect(store().triggers.find('trigger.event', 'email.clicked')).toEqual([]);
    expect(store().triggers.find('trigger.event', 'form.submitted')).toEqual([
      { flowId: 'a', version: 2, nodeId: 'n9' },
    ]);
    expect(store().triggers.listForFlow('a')).toEqual([
      { nodeId: 'n9', triggerType: 'trigger.event', key: 'form.submitted', version: 2 },
    ]);
  });

  it('clears a paused flow from the index without touching other flows', () => {
    publishedFlow('a');
    publishedFlow('b');
    store().triggers.replaceForFlow('a', 1, [{ nodeId: 'n1', triggerType: 'trigger.tagAdded', key: 'vip' }]);
    store().triggers.replaceForFlow('b', 1, [{ nodeId: 'n1', triggerType: 'trigger.tagAdded', key: 'vip' }]);
    store().triggers.clearForFlow('a');
    expect(store().triggers.find('trigger.tagAdded', 'vip')).toEqual([
      { flowId: 'b', version: 1, nodeId: 'n1' },
    ]);
  });

  it('refuses rows pointing at a version that was never published, leaving the index as it was', () => {
    publishedFlow('a');
    store().triggers.replaceForFlow('a', 1, [{ nodeId: 'n1', triggerType: 'trigger.event', key: 'x' }]);
    expect(() =>
      store().triggers.replaceForFlow('a', 7, [{ nodeId: 'n1', triggerType: 'trigger.event', key: 'y' }]),
    ).toThrow(/FOREIGN KEY/);
    expect(store().triggers.find('trigger.event', 'x')).toEqual([{ flowId: 'a', version: 1, nodeId: 'n1' }]);
  });

  it('looks matches up through the (trigger_type, key) index, not a scan', () => {
    const plan = store()
      .db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM flow_triggers WHERE trigger_type = 'a' AND key = 'b'`)
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING (COVERING )?INDEX flow_triggers_by_match/);
  });
});
