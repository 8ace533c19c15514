import { randomBytes } from 'node:crypto';
import type { Store } from '@scoreflow/store';
import { hashPassword, hashSecret } from './secrets.js';

export interface BootstrapOptions {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  /** SCOREFLOW_BOOTSTRAP_TOKEN: an admin API token with this value is made to exist. */
  bootstrapToken?: string | undefined;
  /** Where a generated password is printed, once. */
  print: (line: string) => void;
}

/**
 * First start: with no users, creates the admin (from the environment, or with a generated password
 * printed once); and makes sure the bootstrap token exists, so automation can call the API at once.
 */
export async function bootstrapAccess(store: Store, options: BootstrapOptions): Promise<void> {
  if (store.access.countUsers() === 0) {
    const email = options.adminEmail || 'admin@localhost';
    const generated = options.adminPassword ? undefined : randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(options.adminPassword || (generated as string));
    // Another process on the same file may have created it meanwhile; the unique email settles it.
    store.transaction(() => {
      if (store.access.countUsers() === 0) store.access.createUser({ email, passwordHash, role: 'admin' });
    });
    if (generated) options.print(`Scoreflow admin created: ${email} / ${generated} (shown once; change it)`);
  }
  if (options.bootstrapToken) {
    const hash = hashSecret(options.bootstrapToken);
    store.transaction(() => {
      if (!store.access.useToken(hash)) store.access.createToken({ name: 'bootstrap', hash, role: 'admin' });
    });
  }
}
