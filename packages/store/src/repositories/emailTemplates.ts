import { sql } from 'kysely';
import { toIso } from '../codec.js';
import type { RepositoryContext } from './context.js';

/** An email template: liquid source for the subject, the HTML part and the text part. */
export interface EmailTemplate {
  name: string;
  subject: string;
  html: string;
  text: string;
}

export interface EmailTemplateRecord extends EmailTemplate {
  createdAt: string;
  updatedAt: string;
}

export interface EmailTemplatesRepository {
  list(): Promise<EmailTemplateRecord[]>;
  get(name: string): Promise<EmailTemplateRecord | undefined>;
  /** Creates or replaces the template `template.name`; `created` tells which. */
  upsert(template: EmailTemplate): Promise<{ record: EmailTemplateRecord; created: boolean }>;
  delete(name: string): Promise<boolean>;
  /** Attribute keys contacts carry and every score name: what `contact.attributes.*` and `contact.scores.*` can hold. */
  variableNames(): Promise<TemplateVariableNames>;
}

/** Names a template can use per contact: attribute keys contacts carry, and every score name. */
export interface TemplateVariableNames {
  attributes: string[];
  scores: string[];
}

const VARIABLE_NAME_LIMIT = 500;

interface Row {
  name: string;
  subject: string;
  html: string;
  text: string;
  created_at: number;
  updated_at: number;
}

interface KeyRow {
  key: string;
}

const toRecord = (row: Row): EmailTemplateRecord => ({
  name: row.name,
  subject: row.subject,
  html: row.html,
  text: row.text,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

export function createEmailTemplatesRepository({
  db,
  dialect,
  now,
}: RepositoryContext): EmailTemplatesRepository {
  const selectOne = (name: string) =>
    db().selectFrom('email_templates').selectAll().where('name', '=', name).executeTakeFirst();

  // A scan of the contacts' attribute objects: fine for the editor's occasional call, and bounded. Each
  // database lists an object's keys its own way.
  async function attributeKeys(limit: number) {
    const query =
      dialect === 'postgres'
        ? sql<KeyRow>`SELECT DISTINCT k.key FROM contacts, jsonb_object_keys(contacts.attributes::jsonb) AS k(key)
            WHERE jsonb_typeof(contacts.attributes::jsonb) = 'object' ORDER BY 1 LIMIT ${limit}`
        : sql<KeyRow>`SELECT DISTINCT j.key FROM contacts, json_each(contacts.attributes) AS j
            ORDER BY 1 LIMIT ${limit}`;
    const { rows } = await query.execute(db());
    return rows.map((r) => r.key);
  }
  async function scoreNames(limit: number) {
    const rows = await db()
      .selectFrom('score_definitions')
      .select('name')
      .union(db().selectFrom('scores').select('name'))
      .orderBy('name')
      .limit(limit)
      .execute();
    return rows.map((r) => r.name);
  }

  return {
    async list() {
      const rows = await db().selectFrom('email_templates').selectAll().orderBy('name').execute();
      return rows.map(toRecord);
    },
    async get(name) {
      const row = await selectOne(name);
      return row && toRecord(row);
    },
    async upsert(template) {
      const created = (await selectOne(template.name)) === undefined;
      const at = now();
      const row = await db()
        .insertInto('email_templates')
        .values({
          name: template.name,
          subject: template.subject,
          html: template.html,
          text: template.text,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            subject: eb.ref('excluded.subject'),
            html: eb.ref('excluded.html'),
            text: eb.ref('excluded.text'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return { record: toRecord(row), created };
    },
    async delete(name) {
      const result = await db().deleteFrom('email_templates').where('name', '=', name).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    variableNames: async () => ({
      attributes: await attributeKeys(VARIABLE_NAME_LIMIT),
      scores: await scoreNames(VARIABLE_NAME_LIMIT),
    }),
  };
}
