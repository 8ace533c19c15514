import { type FormEvent, useState } from 'react';
import { setCsrfToken } from '../api/session.js';
import { Field } from '../components/Field.js';

/** Where to go after logging in: the page that asked, never another site. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Email and password; on success the server sets the session cookie and the editor goes back. */
export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await res.json().catch(() => ({}))) as { csrfToken?: string; detail?: string };
      if (!res.ok) {
        setError(body.detail ?? `The server answered ${res.status}`);
        return;
      }
      setCsrfToken(body.csrfToken);
      // A full load: every page starts again with the new session.
      window.location.assign(nextPath());
    } catch {
      setError('Cannot reach the Scoreflow server. Is it running?');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <h1>Log in to Scoreflow</h1>
      <form onSubmit={(e) => void submit(e)}>
        <Field label="Email" type="email" autoComplete="username" value={email} onValue={setEmail} />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !email || !password}>
          Log in
        </button>
      </form>
    </div>
  );
}
