import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { flowDocument, useTestStore } from '../testSupport.js';

const { store } = useTestStore();

const publishedFlow = async (id: string, versions = 1) => {
  const flow = await store().flows.create({ id, document: flowDocument() });
  for (let i = 0; i < versions; i++) await store().flows.publish(flow.id, flow.document);
  return flow;
};

describe('triggers repository', () => {
  it('finds the flows whose triggers match, by trigger type and key', async () => {
    await publishedFlow('a');
    await publishedFlow('b');
    await store().triggers.replaceForFlow('a', 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
      { nodeId: 'n5', triggerType: 'trigger.scoreThreshold', key: 'SCORE' },
    ]);
    await store().triggers.replaceForFlow('b', 1, [
      { nodeId: 't', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);

    expect(await store().triggers.find('trigger.event', 'email.clicked')).toEqual([
      { flowId: 'a', version: 1, nodeId: 'n1' },
      { flowId: 'b', version: 1, nodeId: 't' },
    ]);
    expect(await store().triggers.find('trigger.scoreThreshold', 'SCORE')).toEqual([
      { flowId: 'a', version: 1, nodeId: 'n5' },
    ]);
    // The key is matched exactly, and the type too.
    expect(await store().triggers.find('trigger.event', 'email.opened')).toEqual([]);
    expect(await store().triggers.find('trigger.tagAdded', 'email.clicked')).toEqual([]);
  });

  it('replaces all rows of a flow when it is re-indexed on a new version', async () => {
    await publishedFlow('a', 2);
    await store().triggers.replaceForFlow('a', 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    await store().triggers.replaceForFlow('a', 2, [
      { nodeId: 'n9', triggerType: 'trigger.event', key: 'form.submitted' },
    ]);
    expect(await store().triggers.find('trigger.event', 'email.clicked')).toEqual([]);
    expect(await store().triggers.find('trigger.event', 'form.submitted')).toEqual([
      { flowId: 'a', version: 2, nodeId: 'n9' },
    ]);
    expect(await store().triggers.listForFlow('a')).toEqual([
      { nodeId: 'n9', triggerType: 'trigger.event', key: 'form.submitted', version: 2 },
    ]);
  });

  it('clears a paused flow from the index without touching other flows', async () => {
    await publishedFlow('a');
    await publishedFlow('b');
    await store().triggers.replaceForFlow('a', 1, [
      { nodeId: 'n1', triggerType: 'trigger.tagAdded', key: 'vip' },
    ]);
    await store().triggers.replaceForFlow('b', 1, [
      { nodeId: 'n1', triggerType: 'trigger.tagAdded', key: 'vip' },
    ]);
    await store().triggers.clearForFlow('a');
    expect(await store().triggers.find('trigger.tagAdded', 'vip')).toEqual([
      { flowId: 'b', version: 1, nodeId: 'n1' },
    ]);
  });

  it('refuses rows pointing at a version that was never published, leaving the index as it was', async () => {
    await publishedFlow('a');
    await store().triggers.replaceForFlow('a', 1, [{ nodeId: 'n1', triggerType: 'trigger.event', key: 'x' }]);
    await expect(
      store().triggers.replaceForFlow('a', 7, [{ nodeId: 'n1', triggerType: 'trigger.event', key: 'y' }]),
    ).rejects.toThrow(/foreign key/i);
    expect(await store().triggers.find('trigger.event', 'x')).toEqual([
      { flowId: 'a', version: 1, nodeId: 'n1' },
    ]);
  });

  it('looks matches up through the (trigger_type, key) index, not a scan', async () => {
    const query = sql`SELECT * FROM flow_triggers WHERE trigger_type = 'a' AND key = 'b'`;
    if (store().dialect === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(store().db);
      expect(rows.map((row) => row.detail).join(' ')).toMatch(
        /USING (COVERING )?INDEX flow_triggers_by_match/,
      );
      return;
    }
    // PostgreSQL scans a table this small whatever its indexes; forbidding that shows which one it can use.
    const plan = await store().transaction(async () => {
      await sql`SET LOCAL enable_seqscan = off`.execute(store().db);
      return (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(store().db)).rows;
    });
    expect(plan.map((row) => row['QUERY PLAN']).join(' ')).toMatch(/flow_triggers_by_match/);
  });
});
