import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flow, node } from '@scoreflow/flow/testing';
import {
  type Database,
  openDatabase,
  openSqliteConnection,
  openStore,
  type SqliteConnection,
  sql,
} from '@scoreflow/store';
import { TEST_POSTGRES_URL, withSearchPath } from '@scoreflow/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runToExit } from '../testing/processes.js';
import { COPY_ORDER, type CopiedTable } from './copyTables.js';
import { copyToPostgres, describeCounts, parseArguments } from './copyToPostgres.js';

// The copy's source is always a SQLite file and its target always PostgreSQL, whichever project runs
// this file, so it runs in both, on the server the PostgreSQL project uses (the same default as
// vite.config.ts): every machine that runs the suites has one, and skipping here would leave the
// command untested in a SQLite-only run.
const POSTGRES_URL = TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const dirs: string[] = [];
const schemas: string[] = [];
const open: Database[] = [];
const children: ChildProcess[] = [];
let admin: Database | undefined;

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const database of open) await database.close();
  if (admin) {
    for (const schema of schemas) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(admin.db);
    await admin.close();
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scoreflow-copy-'));
  dirs.push(dir);
  return dir;
};

/** A new, empty schema on the test server, as a URL naming it. */
async function emptyTarget(): Promise<string> {
  admin ??= await openDatabase(POSTGRES_URL, { migrate: false, poolSize: 1 });
  const schema = `copy_${randomUUID().replaceAll('-', '')}`;
  schemas.push(schema);
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.db);
  return withSearchPath(POSTGRES_URL, schema);
}

async function openTarget(url: string): Promise<Database> {
  const database = await openDatabase(url, { migrate: false, poolSize: 1 });
  open.push(database);
  return database;
}

const DAY = 86_400_000;

/** A source database with a row in every table, written through the store as the server writes it. */
async function populatedSource(): Promise<string> {
  const file = path.join(tempDir(), 'scoreflow.db');
  let clock = Date.UTC(2026, 0, 1);
  const store = await openStore(file, { now: () => clock++ });
  try {
    const document = flow(
      [
        node('n1', 'trigger.event', { event: 'email.clicked' }),
        node('n2', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
        node('n3', 'control.wait'),
      ],
      ['n1>n2', 'n2>n3'],
      { name: 'Welcome scoring' },
    );
    const welcome = await store.flows.create({ id: 'flow-welcome', document });
    await store.flows.publish(welcome.id, document);
    await store.flows.publish(welcome.id, { ...document, settings: { ...document.settings, name: 'v2' } });
    await store.triggers.replaceForFlow(welcome.id, 2, [
      { nodeId: 'n1', triggerType: 'trigger.event', key: 'email.clicked' },
    ]);
    await store.flows.create({ id: 'flow-draft', document: flow([], [], { name: 'Draft' }) });

    const contacts = [];
    for (let i = 0; i < 30; i++) {
      const { contact } = await store.contacts.upsertByIdentity({
        email: `lead${i}@example.com`,
        externalId: `crm-${i}`,
      });
      contacts.push(contact);
      await store.contacts.setAttributes(contact.id, { plan: i % 2 ? 'pro' : 'free', seats: i });
      await store.scores.set(contact.id, 'SCORE', i * 1.5);
      await store.ledger.append({
        contactId: contact.id,
        score: 'SCORE',
        delta: i * 1.5,
        value: i * 1.5,
        causeKind: 'manual',
        actor: 'admin@example.com',
        note: `row ${i}`,
      });
      await store.tags.add(contact.id, i % 3 ? 'customer' : 'prospect');
      await store.lists.add(contact.id, 'newsletter');
      await store.events.insert({
        id: `evt-${i}`,
        type: 'email.clicked',
        contactId: contact.id,
        payload: { link: `https://example.com/${i}`, ratio: i / 7 },
      });
      await store.events.markProcessed(`evt-${i}`);
    }
    const [first, second, third] = contacts as [
      (typeof contacts)[0],
      (typeof contacts)[0],
      (typeof contacts)[0],
    ];
    await store.ledger.appendOnce('evt-0:n2', {
      contactId: first.id,
      score: 'SCORE',
      delta: 10,
      value: 10,
      causeKind: 'flow',
      flowId: welcome.id,
      flowVersion: 2,
      nodeId: 'n2',
      eventId: 'evt-0',
    });
    await store.events.insert({ id: 'evt-pending', type: 'page.viewed', contactId: second.id });
    await store.anonymousEvents.insert({ id: 'anon-1', anonymousId: 'visitor-1', type: 'page.viewed' });

    const done = await store.runs.create({
      flowId: welcome.id,
      flowVersion: 2,
      contactId: first.id,
      triggerEventId: 'evt-0',
    });
    await store.steps.record({
      runId: done.id,
      nodeId: 'n1',
      nodeType: 'trigger.event',
      attempt: 0,
      status: 'ok',
      input: { event: 'evt-0' },
      output: { matched: true },
    });
    await store.steps.record({
      runId: done.id,
      nodeId: 'n2',
      nodeType: 'action.adjustScore',
      attempt: 0,
      status: 'error',
      error: 'boom',
    });
    await store.runs.update(done.id, { status: 'failed', error: 'boom' });
    await store.runActions.record({ runId: done.id, action: 'retry', actor: 'support@example.com' });
    await store.edgeCounts.increment(welcome.id, 2, ['n1>n2', 'n2>n3']);

    const waiting = await store.runs.create({
      flowId: welcome.id,
      flowVersion: 2,
      contactId: second.id,
      status: 'waiting',
      currentNodeId: 'n3',
    });
    await store.waits.create({ runId: waiting.id, nodeId: 'n3', kind: 'delay', dueAt: clock + 2 * DAY });
    await store.thresholds.disarm(second.id, welcome.id, 'n2');
    await store.fitMatches.set(second.id, 'model-1', 'vp', 15);
    await store.accounts.markFired(welcome.id, 'n2', 'acme', second.id);

    const { entry } = await store.outbox.enqueue({
      kind: 'email',
      contactId: first.id,
      runId: done.id,
      nodeId: 'n2',
      payload: { template: 'welcome' },
      idempotencyKey: `${done.id}:n2:0`,
    });
    await store.outbox.markDelivered(entry.id);
    await store.outbox.enqueue({
      kind: 'webhook',
      contactId: second.id,
      payload: { url: 'https://crm.example.com/hook' },
      idempotencyKey: 'hook-1',
    });
    await store.emailTemplates.upsert({
      name: 'welcome',
      subject: 'Welcome, {{ contact.email }}',
      html: '<p>Hello</p>',
      text: 'Hello',
    });
    await store.sentEmails.record({
      outboxId: entry.id,
      template: 'welcome',
      from: 'Scoreflow <scoreflow@example.com>',
      to: first.email ?? '',
      subject: 'Welcome',
      html: '<p>Hello</p>',
      text: 'Hello',
      headers: { 'List-Unsubscribe': '<https://example.com/u/x>' },
      unsubscribeUrl: 'https://example.com/u/x',
      sentVia: 'none',
    });
    await store.scoreDefinitions.upsert({ name: 'SCORE', description: 'Lead score', floor: 0, cap: 100 });
    await store.secrets.getOrCreate('unsubscribe');
    await store.seeds.once('sample-templates', () => {});
    await store.settings.put('frequencyCaps', { rules: [{ max: 3, windowHours: 168 }] });

    const user = await store.access.createUser({
      email: 'Admin@Example.com',
      passwordHash: 'scrypt$hash',
      role: 'admin',
    });
    await store.access.createSession({
      idHash: 'session-hash',
      userId: user.id,
      csrfToken: 'csrf',
      expiresAt: clock + DAY,
    });
    await store.access.createToken({
      name: 'automation',
      hash: 'token-hash',
      role: 'admin',
      userId: user.id,
    });
    await store.access.createWriteKey({ name: 'website', hash: 'write-key-hash' });
    await store.scoringModels.create({
      name: 'B2B',
      rows: [{ id: 'pricing', event: 'page.viewed', stage: 'consideration', points: 30 }],
    });

    await store.merges.record({
      from: third,
      intoId: first.id,
      actor: 'admin@example.com',
      summary: { moved: 1 },
    });
    await store.merges.addIdentity(first.id, 'email', 'old-address@example.com');
  } finally {
    await store.close();
  }
  return file;
}

const sortedKeys = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));

/** Every row of `table` on both sides, in one order, each with the columns PostgreSQL has. */
async function bothSides(sqlite: SqliteConnection, target: Database, table: CopiedTable) {
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(target.db);
  const hasRowid = rows.length > 0 && 'rowid' in (rows[0] ?? {});
  const source = sqlite
    .prepare(`SELECT ${hasRowid ? 'rowid AS rowid, ' : ''}* FROM ${table}`)
    .all() as Record<string, unknown>[];
  const order = (list: Record<string, unknown>[]) =>
    list.map(sortedKeys).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { source: order(source), target: order(rows) };
}

describe('copyToPostgres', () => {
  it('copies every table with its row ids, and new rows get ids after the copied ones', async () => {
    const file = await populatedSource();
    const url = await emptyTarget();
    const progress: string[] = [];
    const result = await copyToPostgres({
      from: file,
      to: url,
      batchSize: 7,
      onProgress: (p) => progress.push(`${p.table} ${p.copied}/${p.total}`),
    });

    const source = openSqliteConnection(file, { migrate: false });
    const count = (table: string) => source.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    try {
      // The fixture reaches every table, so every table's copy is checked below.
      expect(COPY_ORDER.filter((table) => count(table) === 0)).toEqual([]);
      const target = await openTarget(url);
      expect(result.counts.map((c) => c.table)).toEqual([...COPY_ORDER]);
      for (const { table, source: copied, target: found } of result.counts) {
        expect({ table, copied, found }).toEqual({ table, copied: count(table), found: count(table) });
        const sides = await bothSides(source, target, table);
        expect(sides.target, table).toEqual(sides.source);
      }
      // Batches of 7: the 30 contacts went in 5 inserts, reported as they went.
      expect(progress.filter((p) => p.startsWith('contacts '))).toEqual([
        'contacts 7/30',
        'contacts 14/30',
        'contacts 21/30',
        'contacts 28/30',
        'contacts 30/30',
      ]);
      expect(describeCounts(result.counts)).toMatch(/contacts\s+30\s+30\n/);

      // A few rows read back field by field, as the repositories will read them.
      const flowRow = await target.db
        .selectFrom('flows')
        .select(['document', 'rowid'])
        .where('id', '=', 'flow-welcome')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(flowRow.document)).toMatchObject({ settings: { name: 'Welcome scoring' } });
      const ledger = await target.db
        .selectFrom('score_ledger')
        .selectAll()
        .where('idempotency_key', '=', 'evt-0:n2')
        .executeTakeFirstOrThrow();
      expect(ledger).toMatchObject({
        id: 31,
        score: 'SCORE',
        delta: 10,
        value: 10,
        cause_kind: 'flow',
        flow_id: 'flow-welcome',
        flow_version: 2,
        node_id: 'n2',
      });
      const step = await target.db
        .selectFrom('run_steps')
        .selectAll()
        .where('status', '=', 'error')
        .executeTakeFirstOrThrow();
      expect(step).toMatchObject({
        node_id: 'n2',
        node_type: 'action.adjustScore',
        error: 'boom',
        attempt: 0,
      });
      expect(typeof step.started_at).toBe('number');
      const contactOrder = await target.db.selectFrom('contacts').select('email').orderBy('rowid').execute();
      expect(contactOrder.map((c) => c.email).slice(0, 3)).toEqual([
        'lead0@example.com',
        'lead1@example.com',
        'lead2@example.com',
      ]);

      // The identity sequences continue after the copied ids instead of colliding with them.
      const maxRowid = source.prepare('SELECT max(rowid) FROM events').pluck().get() as number;
      const event = await target.db
        .insertInto('events')
        .values({ id: 'evt-after', type: 'page.viewed', occurred_at: 1, received_at: 1 })
        .returning('rowid')
        .executeTakeFirstOrThrow();
      expect(event.rowid).toBe(maxRowid + 1);
      const entry = await target.db
        .insertInto('score_ledger')
        .values({
          contact_id: ledger.contact_id,
          score: 'SCORE',
          delta: 1,
          value: 11,
          cause_kind: 'manual',
          created_at: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(entry.id).toBe(32);
      const action = await target.db
        .insertInto('run_actions')
        .values({ run_id: step.run_id, action: 'cancel', actor: 'support@example.com', created_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(action.id).toBe(2);
    } finally {
      source.close();
    }
  });

  it('refuses a target that already holds Scoreflow data, naming the table, and leaves it as it was', async () => {
    const url = await emptyTarget();
    const target = await openDatabase(url, { poolSize: 1 });
    open.push(target);
    await target.db.insertInto('seeds').values({ name: 'sample-templates', applied_at: 1 }).execute();
    const file = await populatedSource();
    await expect(copyToPostgres({ from: file, to: url })).rejects.toMatchObject({
      code: 'target_not_empty',
      message: expect.stringContaining('table seeds has rows'),
    });
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM flows`.execute(target.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('takes a target holding only what its migrations wrote as empty, and replaces that with the source rows', async () => {
    const url = await emptyTarget();
    const target = await openDatabase(url, { poolSize: 1 });
    open.push(target);
    // The migrations wrote the default SCORE definition, never edited since.
    expect(
      await target.db
        .selectFrom('score_definitions')
        .select('description')
        .where('name', '=', 'SCORE')
        .execute(),
    ).toEqual([{ description: 'The default lead score' }]);
    const file = await populatedSource();
    await copyToPostgres({ from: file, to: url });
    const definition = await target.db
      .selectFrom('score_definitions')
      .selectAll()
      .where('name', '=', 'SCORE')
      .executeTakeFirstOrThrow();
    expect(definition).toMatchObject({ description: 'Lead score', floor: 0, cap: 100 });

    // Once edited, it is data: the copy refuses rather than overwrite it.
    const edited = await emptyTarget();
    const again = await openDatabase(edited, { poolSize: 1 });
    open.push(again);
    await again.db
      .updateTable('score_definitions')
      .set((eb) => ({ description: 'Ours', updated_at: eb('updated_at', '+', 1) }))
      .where('name', '=', 'SCORE')
      .execute();
    await expect(copyToPostgres({ from: file, to: edited })).rejects.toMatchObject({
      code: 'target_not_empty',
      message: expect.stringContaining('table score_definitions has rows'),
    });
  });

  it('leaves the target empty when a row fails to copy', async () => {
    const file = await populatedSource();
    // PostgreSQL text cannot hold a NUL character; SQLite's can. write_keys is near the end of the
    // copy, so most tables are already written when it fails.
    const sqlite = openSqliteConnection(file, { migrate: false });
    sqlite
      .prepare("INSERT INTO write_keys (id, name, hash, created_at) VALUES ('wk-bad', ?, 'bad-hash', 1)")
      .run('bad\u0000name');
    sqlite.close();
    const url = await emptyTarget();
    await expect(copyToPostgres({ from: file, to: url })).rejects.toMatchObject({
      code: 'copy_failed',
      message: expect.stringMatching(/^copying write_keys failed after 0 rows, nothing was committed: /),
    });
    const target = await openTarget(url);
    for (const table of COPY_ORDER) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(
        target.db,
      );
      // Only what the migrations wrote: the default SCORE definition.
      const seeded = table === 'score_definitions' ? 1 : 0;
      expect({ table, rows: rows[0]?.n }).toEqual({ table, rows: seeded });
    }
    // Nothing stays half done: the same copy succeeds once the row is fixed.
    const fixed = openSqliteConnection(file, { migrate: false });
    fixed.prepare("UPDATE write_keys SET name = 'fixed' WHERE id = 'wk-bad'").run();
    fixed.close();
    const result = await copyToPostgres({ from: file, to: url });
    expect(result.counts.find((c) => c.table === 'write_keys')).toEqual({
      table: 'write_keys',
      source: 2,
      target: 2,
    });
  });

  it('migrates the source first and refuses a missing source, a non-PostgreSQL target and a running installation', async () => {
    const dir = tempDir();
    const url = await emptyTarget();
    await expect(copyToPostgres({ from: path.join(dir, 'none.db'), to: url })).rejects.toMatchObject({
      code: 'source_missing',
    });
    const file = path.join(dir, 'scoreflow.db');
    // An empty file is a database at schema version 0: the copy migrates it, then copies nothing.
    writeFileSync(file, '');
    await expect(copyToPostgres({ from: file, to: path.join(dir, 'other.db') })).rejects.toMatchObject({
      code: 'target_not_postgres',
    });

    // A server's process file in the data directory, for a process that is alive.
    const server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    children.push(server);
    mkdirSync(path.join(dir, 'pids'));
    const pidFile = path.join(dir, 'pids', 'server.json');
    writeFileSync(
      pidFile,
      JSON.stringify({
        pid: server.pid,
        host: hostname(),
        role: 'worker',
        startedAt: '',
        command: 'main.js',
      }),
    );
    await expect(copyToPostgres({ from: file, to: url })).rejects.toMatchObject({
      code: 'source_in_use',
      message: expect.stringContaining(`pid ${server.pid}`),
    });
    rmSync(pidFile);
    server.kill('SIGKILL');

    const result = await copyToPostgres({ from: file, to: url });
    expect(result.schemaVersion).toBeGreaterThanOrEqual(13);
    // The SQLite migrations create the SCORE definition; nothing else is in a new database.
    expect(result.counts.filter((c) => c.source !== 0 || c.target !== 0)).toEqual([
      { table: 'score_definitions', source: 1, target: 1 },
    ]);
  });
});

describe('parseArguments', () => {
  it('takes --from and --to, with DATABASE_URL as the default target, and nothing else', () => {
    const env = { DATABASE_URL: 'postgres://db/scoreflow' };
    expect(parseArguments(['--from', 'a.db', '--to', 'postgres://x/y'], env)).toEqual({
      from: 'a.db',
      to: 'postgres://x/y',
    });
    expect(parseArguments(['--from=a.db'], env)).toEqual({ from: 'a.db', to: 'postgres://db/scoreflow' });
    expect(parseArguments(['--from', 'a.db'], {})).toBeUndefined();
    expect(parseArguments(['--to', 'postgres://x/y'], env)).toBeUndefined();
    expect(parseArguments(['--from', 'a.db', 'extra'], env)).toBeUndefined();
    expect(parseArguments(['--from', 'a.db', '--from', 'b.db'], env)).toBeUndefined();
    expect(parseArguments(['--from'], env)).toBeUndefined();
  });
});

// The built command, as an operator runs it (tsc -b builds it).
const COMMAND = fileURLToPath(new URL('../../dist/cli/copyToPostgres.js', import.meta.url));

const runCommand = (args: string[], env: Record<string, string> = {}) =>
  runToExit(COMMAND, args, env, children);

describe('the copy-to-postgres command', () => {
  it('copies with DATABASE_URL as the target, prints both counts, and exits 1 or 2 when it does not', async () => {
    expect(existsSync(COMMAND), `${COMMAND} is missing: run "npx tsc -b"`).toBe(true);
    const file = await populatedSource();
    const url = await emptyTarget();

    const usage = await runCommand(['--from', file]);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage:') });

    const copied = await runCommand(['--from', file], { DATABASE_URL: url });
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain('contacts: 30 rows copied\n');
    expect(copied.stdout).toMatch(/ {2}table +SQLite +PostgreSQL\n/);
    expect(copied.stdout).toMatch(/ {2}score_ledger +31 +31\n/);
    expect(copied.stdout).toContain('the counts of both sides match');

    const again = await runCommand(['--from', file, '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^copy failed: .* already holds Scoreflow data \(table flows has rows\)/);
  });
});
