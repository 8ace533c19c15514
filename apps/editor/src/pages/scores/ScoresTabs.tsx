import { Link } from 'wouter';

/** Switches between the named scores and the scoring model tables. */
export function ScoresTabs({ current }: { current: 'scores' | 'models' }) {
  return (
    <nav className="status-tabs" aria-label="Scores sections">
      <Link
        href="/scores"
        className={current === 'scores' ? 'tab active' : 'tab'}
        aria-current={current === 'scores' ? 'page' : undefined}
      >
        Named scores
      </Link>
      <Link
        href="/scores/models"
        className={current === 'models' ? 'tab active' : 'tab'}
        aria-current={current === 'models' ? 'page' : undefined}
      >
        Scoring models
      </Link>
    </nav>
  );
}
