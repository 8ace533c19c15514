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
  list(): EmailTemplateRecord[];
  get(name: string): EmailTemplateRecord | undefined;
  /** Creates or replaces the template `template.name`; `created` tells which. */
  upsert(template: EmailTemplate): { record: EmailTemplateRecord; created: boolean };
  delete(name: string): boolean;
}

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

export function createEmailTemplatesRepository({ db, now }: RepositoryContext): EmailTemplatesRepository {
  const selectAll = db.prepare<[], Row>('SELECT * FROM email_templates ORDER BY name');
  const selectOne = db.prepare<[string], Row>('SELECT * FROM email_templates WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO email_templates (name, subject, html, text, created_at, updated_at)
     VALUES (@name, @subject, @html, @text, @now, @now)
     ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, html = excluded.html,
       text = excluded.text, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM email_templates WHERE name = ?');

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
  };
}
