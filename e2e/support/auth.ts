import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The admin API token the e2e server creates at start (SCOREFLOW_BOOTSTRAP_TOKEN). */
export const E2E_TOKEN = process.env.SCOREFLOW_BOOTSTRAP_TOKEN ?? 'sf_e2e_bootstrap_token_for_tests';
/** The first admin of the e2e server, whom the browser specs are logged in as. */
export const E2E_ADMIN_EMAIL = 'admin@e2e.example.com';
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password-123';

// Set once in the main process (workers inherit it), like the queue prefix.
process.env.E2E_STORAGE_STATE ??= join(tmpdir(), `scoreflow-e2e-auth-${process.pid}-${Date.now()}.json`);
/** Where the global setup saves the logged-in browser state (the session cookie). */
export const STORAGE_STATE = process.env.E2E_STORAGE_STATE;
