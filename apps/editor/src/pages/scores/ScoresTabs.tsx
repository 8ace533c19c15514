import { Link } from 'wouter';

const TABS = [
  { id: 'scores', href: '/scores', label: 'Named scores' },
  { id: 'models', href: '/scores/models', label: 'Scoring models' },
] as const;

/** Switches between the named scores and the scoring model tables. */
export function ScoresTabs({ current }: { current: (typeof TABS)[number]['id'] }) {
  return (
    <nav className="status-tabs" aria-label="Scores sections">
      {TABS.map((t) => (
        <Link
          key={t.id}
          href={t.href}
          className={current === t.id ? 'tab active' : 'tab'}
          aria-current={current === t.id ? 'page' : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
