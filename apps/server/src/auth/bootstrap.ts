import { randomBytes } from 'node:crypto';
import { type Store, sql } from '@scoreflow/store';
import { hashPassword, hashSecret } from './secrets.js';

export interface BootstrapOptions {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  /** SCOREFLOW_BOOTSTRAP_TOKEN: an admin API token with this value is made to exist. */
  bootstrapToken?: string | undefined;
  /** Where a generated password is printed, once. */
  print: (line: string) => void;
}

// Any constant of this application's own ('sf-boot' in ASCII, as a bigint); the migrations use another.
const BOOTSTRAP_LOCK = '32481967432757108';

/**
 * Makes the rest of the transaction the only bootstrap running. API processes starting together all
 * check for an admin: on SQLite the transaction's `BEGIN IMMEDIATE` already lets one writer in at a
 * time, but PostgreSQL's transactions would all see no user and all create one (or all but one fail
 * on the unique email), so there an advisory lock, released at commit, puts them in line.
 */
async function serializeBootstrap(store: Store): Promise<void> {
  if (store.dialect !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK}::bigint)`.execute(store.db);
}

/**
 * First start: with no users, creates the admin (from the environment, or with a generated password
 * printed once); and makes sure the bootstrap token exists, so automation can call the API at once.
 */
export async function bootstrapAccess(store: Store, options: BootstrapOptions): Promise<void> {
  if ((await store.access.countUsers()) === 0) {
    const email = options.adminEmail || 'admin@localhost';
    const generated = options.adminPassword ? undefined : randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(options.adminPassword || (generated as string));
    // Another process on the same database may have created it meanwhile: checked again, in line.
    const created = await store.transaction(async () => {
      await serializeBootstrap(store);
      if ((await store.access.countUsers()) > 0) return false;
      await store.access.createUser({ email, passwordHash, role: 'admin' });
      return true;
    });
    // Only the process that created the admin knows its password; the others have nothing to show.
    if (created && generated)
      options.print(`Scoreflow admin created: ${email} / ${generated} (shown once; change it)`);
  }
  if (options.bootstrapToken) {
    const hash = hashSecret(options.bootstrapToken);
    await store.transaction(async () => {
      await serializeBootstrap(store);
      if (!(await store.access.useToken(hash)))
        await store.access.createToken({ name: 'bootstrap', hash, role: 'admin' });
    });
  }
}
