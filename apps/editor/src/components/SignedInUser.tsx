import { accessApi } from '../api/access.js';
import { setCsrfToken } from '../api/session.js';
import { useCurrentMe } from '../pages/admin/useCurrentRole.js';
import { ErrorBanner } from './ErrorBanner.js';
import { useAction } from './useAction.js';

/** Who is logged in, and the way out: ends the session on the server, then a full load of the login page. */
export function SignedInUser() {
  const me = useCurrentMe();
  const { busy, error, run } = useAction();
  // An API token has no user (and no session to end): nothing to show.
  if (!me?.user) return null;
  const signOut = async () => {
    const done = await run(async () => {
      await accessApi.logout();
      return true;
    });
    if (!done) return;
    setCsrfToken(undefined);
    window.location.assign('/login');
  };
  return (
    <div className="signed-in">
      <span className="signed-in-email" title="Signed in as">
        {me.user.email}
      </span>
      <button type="button" disabled={busy} onClick={() => void signOut()}>
        Sign out
      </button>
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
