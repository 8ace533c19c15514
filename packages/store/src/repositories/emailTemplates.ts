import { toIso } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

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
  list(): EmailTemplateRecord[];
  get(name: string): EmailTemplateRecord | undefined;
  /** Creates or replaces the template `template.name`; `created` tells which. */
  upsert(template: EmailTemplate): { record: EmailTemplateRecord; created: boolean };
  delete(name: string): boolean;
  /** Attribute keys contacts carry and every score name: what `contact.attributes.*` and `contact.scores.*` can hold. */
  variableNames(): TemplateVariableNames;
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

const toRecord = (row: Row): EmailTemplateRecord => ({
  name: row.name,
  subject: row.subject,
  html: row.html,
  text: row.text,
  createdAt: toIso(row.created_at),
  updatedAt: toIso(row.updated_at),
});

export function createEmailTemplatesRepository({ db, now }: LegacyRepositoryContext): EmailTemplatesRepository {
  const selectAll = db.prepare<[], Row>('SELECT * FROM email_templates ORDER BY name');
  const selectOne = db.prepare<[string], Row>('SELECT * FROM email_templates WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO email_templates (name, subject, html, text, created_at, updated_at)
     VALUES (@name, @subject, @html, @text, @now, @now)
     ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, html = excluded.html,
       text = excluded.text, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM email_templates WHERE name = ?');
  // A scan of the contacts' attribute objects: fine for the editor's occasional call, and bounded.
  const attributeKeys = db
    .prepare<[number], string>(
      'SELECT DISTINCT j.key FROM contacts, json_each(contacts.attributes) AS j ORDER BY 1 LIMIT ?',
    )
    .pluck();
  const scoreNames = db
    .prepare<[number], string>(
      'SELECT name FROM score_definitions UNION SELECT DISTINCT name FROM scores ORDER BY 1 LIMIT ?',
    )
    .pluck();

  return {
    list: () => selectAll.all().map(toRecord),
    get(name) {
      const row = selectOne.get(name);
      return row && toRecord(row);
    },
    upsert(template) {
      const created = selectOne.get(template.name) === undefined;
      upsert.run({ ...template, now: now() });
      return { record: toRecord(selectOne.get(template.name) as Row), created };
    },
    delete: (name) => remove.run(name).changes > 0,
    variableNames: () => ({
      attributes: attributeKeys.all(VARIABLE_NAME_LIMIT),
      scores: scoreNames.all(VARIABLE_NAME_LIMIT),
    }),
  };
}
