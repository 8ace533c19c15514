import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { createTestDatabase } from '../testing.js';
import { flowDocument, useTestStore } from '../testSupport.js';
import type { Catalog } from './catalog.js';

const { store, tmp } = useTestStore();

const publishedFlow = async (id: string) => {
  const flow = await store().flows.create({ id, document: flowDocument() });
  await store().flows.publish(flow.id, flow.document);
  return flow;
};
const click = (catalog: Catalog) => catalog.find('trigger.event', 'email.clicked');
const definition = (name: string, cap: number | null) => ({
  name,
  description: '',
  floor: 0,
  cap,
  decay: null,
});

describe('catalog (the trigger index and score definitions kept in memory)', () => {
  it('answers from memory what the trigger index answers, and is read again only once the index changed', async () => {
    await publishedFlow('a');
    await publishedFlow('b');
    await store().triggers.replaceForFlow('a', 1, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    const first = await store().catalog.current();
    expect(click(first)).toEqual(await store().triggers.find('trigger.event', 'email.clicked'));
    expect(first.find('trigger.event', 'email.opened')).toEqual([]);
    // Nothing changed: the same catalog, not a new read of every row.
    expect(await store().catalog.current()).toBe(first);

    await store().triggers.replaceForFlow('b', 1, [
      { nodeId: 't', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    expect(click(await store().catalog.current())).toEqual([
      { flowId: 'a', version: 1, nodeId: 'n1' },
      { flowId: 'b', version: 1, nodeId: 't' },
    ]);
    await store().triggers.clearForFlow('a');
    expect(click(await store().catalog.current())).toEqual([{ flowId: 'b', version: 1, nodeId: 't' }]);
  });

  it('holds the score definitions as stored, read again once one is created, changed or deleted', async () => {
    await store().scoreDefinitions.upsert(definition('FIT', 50));
    const first = await store().catalog.current();
    expect(first.definition('FIT')).toEqual(await store().scoreDefinitions.get('FIT'));
    expect(first.definition('NOT_DEFINED')).toBeUndefined();
    expect(await store().catalog.current()).toBe(first);

    await store().scoreDefinitions.upsert(definition('FIT', 80));
    expect((await store().catalog.current()).definition('FIT')?.cap).toBe(80);
    await store().scoreDefinitions.upsert(definition('INTENT', null));
    expect((await store().catalog.current()).definition('INTENT')).toMatchObject({
      name: 'INTENT',
      cap: null,
    });
    // Every definition, in name order, as the repository lists them.
    expect((await store().catalog.current()).definitions()).toEqual(await store().scoreDefinitions.list());
    await store().scoreDefinitions.delete('FIT');
    expect((await store().catalog.current()).definition('FIT')).toBeUndefined();
  });

  it('sees changes made by another process, rows gone with a deleted flow and a definition changed by hand', async () => {
    const database = await createTestDatabase(tmp.dir, 'shared.sqlite');
    const api = await openStore(database.location);
    const worker = await openStore(database.location);
    try {
      const flow = await api.flows.create({ id: 'a', document: flowDocument() });
      await api.flows.publish(flow.id, flow.document);
      expect(click(await worker.catalog.current())).toEqual([]);
      await api.triggers.replaceForFlow('a', 1, [
        { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
      ]);
      expect(click(await worker.catalog.current())).toEqual([{ flowId: 'a', version: 1, nodeId: 'n1' }]);
      // The rows go by the foreign key's cascade, not through this repository: the version still moves.
      await api.flows.delete('a');
      expect(click(await worker.catalog.current())).toEqual([]);

      await api.scoreDefinitions.upsert(definition('SCORE', 100));
      expect((await worker.catalog.current()).definition('SCORE')?.cap).toBe(100);
      // Not through the repository either: the database's triggers move the version.
      await sql`UPDATE score_definitions SET cap = 40 WHERE name = 'SCORE'`.execute(api.db);
      expect((await worker.catalog.current()).definition('SCORE')?.cap).toBe(40);
    } finally {
      await worker.close();
      await api.close();
      await database.drop();
    }
  });
});
