import { Link } from 'wouter';

/** A whole page that could not load: what failed, why, and the way back to its list. */
export function LoadFailed({ title, error, back }: { title: string; error: string; back: [string, string] }) {
  const [href, label] = back;
  return (
    <div className="empty-page">
      <h1>{title}</h1>
      <p role="alert">{error}</p>
      <Link href={href}>{label}</Link>
    </div>
  );
}

/** The placeholder of a page while its data loads. */
export const Loading = () => <div className="empty-page muted">Loading…</div>;
