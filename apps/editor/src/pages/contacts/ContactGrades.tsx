import type { ContactAccount, ContactGrade } from '@scoreflow/api';
import { Link } from 'wouter';
import { accountHref } from './contactGrades.js';

/** The company account the contact belongs to, linked to its page. */
export function ContactAccountLine({ account }: { account: ContactAccount | null }) {
  return (
    <p data-testid="contact-account">
      Account:{' '}
      {account ? (
        <Link href={accountHref(account)}>{account.name}</Link>
      ) : (
        <span className="muted">none</span>
      )}
    </p>
  );
}

/**
 * The contact's fit × engagement grade under each scoring model that grades, with the scores behind
 * it: "Lead model: B2 — fit 45 (FIT), engagement 60 (SCORE)".
 */
export function ContactGrades({ grades }: { grades: ContactGrade[] }) {
  return (
    <section className="card" data-testid="grades">
      <h2>Grades</h2>
      {grades.length === 0 ? (
        <p className="muted">No scoring model grades contacts.</p>
      ) : (
        <ul className="plain">
          {grades.map((g) => (
            <li key={g.model} data-testid="grade" data-model={g.model}>
              {g.model}: <strong data-testid="grade-value">{g.grade}</strong>{' '}
              <span className="muted">
                — fit {g.fit} ({g.fitScore}), engagement {g.engagement} ({g.score})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
