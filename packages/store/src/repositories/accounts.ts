import { type AccountAggregate, roundPoints } from '@scoreflow/flow';
import { type RawBuilder, sql } from 'kysely';
import { type AccountRef, accountOf } from '../accounts/accountOf.js';
import { fromJson } from '../codec.js';
import type { RepositoryContext } from './context.js';

/** An account with its number of contacts and its score under one aggregate. */
export interface AccountSummary extends AccountRef {
  contacts: number;
  score: number;
}

/** One contact of an account, with its value of the score asked for. */
export interface AccountMemberRow {
  contactId: string;
  email: string | null;
  value: number;
}

export interface AccountsRepository {
  /** The account of a contact; undefined when it has neither a company nor a company email. */
  ofContact(contactId: string): Promise<AccountRef | undefined>;
  /** The key alone of a contact's account, without reading its name (one indexed read). */
  keyOf(contactId: string): Promise<string | undefined>;
  /** The accounts of several contacts (those without one are absent). */
  ofContacts(contactIds: readonly string[]): Promise<Map<string, AccountRef>>;
  /** Accounts by score (highest first), `q` a part of the name or key, with how many there are. */
  list(options: {
    score: string;
    aggregate: AccountAggregate;
    q?: string | undefined;
    limit: number;
    offset: number;
  }): Promise<{ items: AccountSummary[]; total: number }>;
  /** The account's name and its contacts with their value of `score` (0 without one), highest first. */
  members(key: string, score: string): Promise<{ name: string; members: AccountMemberRow[] } | undefined>;
  /** The values of `score` of the account's contacts other than `exceptContactId` (a contact without it: 0). */
  otherValues(key: string, score: string, exceptContactId: string): Promise<number[]>;
  /**
   * Makes jobs that read an account's score take turns until the transaction ends (PostgreSQL; SQLite's
   * write transactions take turns anyway), so two contacts of one account gaining points at once cannot
   * both miss the crossing their changes make together.
   */
  lock(key: string): Promise<void>;
  /** Records that an account-threshold trigger fired for an account; false when it had fired before. */
  markFired(flowId: string, nodeId: string, key: string, contactId: string): Promise<boolean>;
}

export function createAccountsRepository({ db, dialect, now }: RepositoryContext): AccountsRepository {
  const company: RawBuilder<string | null> =
    dialect === 'sqlite'
      ? sql`trim(json_extract(c.attributes, '$.company'))`
      : sql`btrim(c.attributes::jsonb ->> 'company')`;
  // The account key and name of each contact row `c`, with the free-mail table joined as `f`.
  const keyOf = sql<string | null>`CASE WHEN c.company_key IS NOT NULL THEN c.company_key
    WHEN f.domain IS NULL THEN c.email_domain END`;
  const nameOf = sql<
    string | null
  >`CASE WHEN c.company_key IS NOT NULL THEN ${company} ELSE c.email_domain END`;
  const memberOf = (key: string) => sql<boolean>`(c.company_key = ${key} OR (c.company_key IS NULL
    AND c.email_domain = ${key} AND NOT EXISTS (SELECT 1 FROM free_mail_domains WHERE domain = ${key})))`;
  const aggregateSql = (aggregate: AccountAggregate) =>
    aggregate === 'sum'
      ? sql`SUM(COALESCE(s.value, 0))`
      : aggregate === 'max'
        ? sql`MAX(COALESCE(s.value, 0))`
        : sql`AVG(COALESCE(s.value, 0))`;
  const contains = (q: string) =>
    dialect === 'sqlite'
      ? sql`(instr(lower(k.name), lower(${q})) > 0 OR instr(k.key, lower(${q})) > 0)`
      : sql`(strpos(lower(k.name), lower(${q})) > 0 OR strpos(k.key, lower(${q})) > 0)`;

  const refs = async (contactIds: readonly string[]) => {
    if (contactIds.length === 0) return [];
    return db()
      .selectFrom('contacts')
      .select(['id', 'company_key', 'email_domain', 'attributes'])
      .where('id', 'in', [...contactIds])
      .execute();
  };
  const toRef = (row: { company_key: string | null; email_domain: string | null; attributes: string }) =>
    accountOf({
      companyKey: row.company_key,
      emailDomain: row.email_domain,
      company: row.company_key === null ? null : fromJson<Record<string, unknown>>(row.attributes).company,
    });

  /**
   * Each account's name as the accounts list gives it (the least of its members' names, by the
   * database's own ordering), so a contact, its account's page and the list name an account alike
   * whichever member wrote "Acme" or "ACME".
   */
  const namesOf = async (keys: readonly string[]): Promise<Map<string, string>> => {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return new Map();
    const { rows } = await sql<{ key: string; name: string | null }>`
      SELECT k.key AS key, MIN(k.name) AS name
      FROM (SELECT ${keyOf} AS key, ${nameOf} AS name
            FROM contacts c LEFT JOIN free_mail_domains f ON f.domain = c.email_domain
            WHERE c.company_key IN (${sql.join(unique)}) OR c.email_domain IN (${sql.join(unique)})) k
      WHERE k.key IN (${sql.join(unique)})
      GROUP BY k.key`.execute(db());
    return new Map(rows.map((r) => [r.key, r.name ?? r.key]));
  };

  return {
    async ofContact(contactId) {
      return (await this.ofContacts([contactId])).get(contactId);
    },
    async keyOf(contactId) {
      const [row] = await refs([contactId]);
      return row && toRef(row)?.key;
    },
    async ofContacts(contactIds) {
      const found = new Map<string, AccountRef>();
      for (const row of await refs(contactIds)) {
        const ref = toRef(row);
        if (ref) found.set(row.id, ref);
      }
      const names = await namesOf([...found.values()].map((ref) => ref.key));
      for (const ref of found.values()) ref.name = names.get(ref.key) ?? ref.name;
      return found;
    },
    async list({ score, aggregate, q, limit, offset }) {
      const { rows } = await sql<{
        key: string;
        name: string;
        contacts: number;
        score: number;
        total: number;
      }>`
        SELECT k.key AS key, MIN(k.name) AS name, COUNT(*) AS contacts,
               ${aggregateSql(aggregate)} AS score, COUNT(*) OVER () AS total
        FROM (SELECT c.id, ${keyOf} AS key, ${nameOf} AS name
              FROM contacts c LEFT JOIN free_mail_domains f ON f.domain = c.email_domain) k
        LEFT JOIN scores s ON s.contact_id = k.id AND s.name = ${score}
        WHERE k.key IS NOT NULL ${q ? sql`AND ${contains(q)}` : sql``}
        GROUP BY k.key
        ORDER BY score DESC, k.key
        LIMIT ${limit} OFFSET ${offset}`.execute(db());
      // A page past the end has no row to carry the total: counted again from the first page.
      const total = rows[0]
        ? Number(rows[0].total)
        : offset > 0
          ? (await this.list({ score, aggregate, q, limit: 1, offset: 0 })).total
          : 0;
      return {
        items: rows.map((r) => ({
          key: r.key,
          name: r.name ?? r.key,
          contacts: Number(r.contacts),
          score: roundPoints(Number(r.score)),
        })),
        total,
      };
    },
    async members(key, score) {
      const { rows } = await sql<{ id: string; email: string | null; value: number | null }>`
        SELECT c.id, c.email, s.value
        FROM contacts c
        LEFT JOIN scores s ON s.contact_id = c.id AND s.name = ${score}
        WHERE ${memberOf(key)}
        ORDER BY COALESCE(s.value, 0) DESC, c.id`.execute(db());
      if (rows.length === 0) return undefined;
      return {
        name: (await namesOf([key])).get(key) ?? key,
        members: rows.map((r) => ({ contactId: r.id, email: r.email, value: Number(r.value ?? 0) })),
      };
    },
    async otherValues(key, score, exceptContactId) {
      const { rows } = await sql<{ value: number | null }>`
        SELECT s.value FROM contacts c
        LEFT JOIN scores s ON s.contact_id = c.id AND s.name = ${score}
        WHERE ${memberOf(key)} AND c.id <> ${exceptContactId}`.execute(db());
      return rows.map((r) => Number(r.value ?? 0));
    },
    async lock(key) {
      if (dialect === 'postgres')
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`account:${key}`}, 0))`.execute(db());
    },
    async markFired(flowId, nodeId, key, contactId) {
      const { numInsertedOrUpdatedRows } = await db()
        .insertInto('account_thresholds')
        .values({
          flow_id: flowId,
          node_id: nodeId,
          account_key: key,
          contact_id: contactId,
          fired_at: now(),
        })
        .onConflict((oc) => oc.columns(['flow_id', 'node_id', 'account_key']).doNothing())
        .executeTakeFirst();
      return (numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
  };
}
