import type pg from 'pg';
import type { SqliteConnection } from '../database.js';
import { FREE_MAIL_DOMAINS } from './freeMail.js';

/**
 * The free-mail table holds the list this code ships with, so the accounts SQL (grouping by company
 * domain) leaves out the same domains as `accountOf`. Filled at open, after the migrations, when its
 * size differs from the list's: once per upgrade of the list, one count otherwise.
 */
export function syncFreeMailSqlite(db: SqliteConnection): void {
  const count = () => db.prepare('SELECT count(*) FROM free_mail_domains').pluck().get() as number;
  if (count() === FREE_MAIL_DOMAINS.size) return;
  db.transaction(() => {
    // Another process may have filled it between the count and the write lock.
    if (count() === FREE_MAIL_DOMAINS.size) return;
    db.exec('DELETE FROM free_mail_domains');
    const insert = db.prepare('INSERT OR IGNORE INTO free_mail_domains (domain) VALUES (?)');
    for (const domain of FREE_MAIL_DOMAINS) insert.run(domain);
  }).immediate();
}

export async function syncFreeMailPostgres(pool: pg.Pool): Promise<void> {
  const count = async (client: pg.ClientBase) =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM free_mail_domains')).rows[0]?.n);
  const client = await pool.connect();
  try {
    if ((await count(client)) === FREE_MAIL_DOMAINS.size) return;
    await client.query('BEGIN');
    try {
      // Processes starting together take turns; the later ones find the table filled.
      await client.query('LOCK TABLE free_mail_domains IN EXCLUSIVE MODE');
      if ((await count(client)) !== FREE_MAIL_DOMAINS.size) {
        await client.query('DELETE FROM free_mail_domains');
        await client.query(
          'INSERT INTO free_mail_domains (domain) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING',
          [[...FREE_MAIL_DOMAINS]],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}
