import type { BacktestResult } from '@scoreflow/api';
import { Link } from 'wouter';
import { Table } from '../../components/Table.js';

type FitResult = NonNullable<BacktestResult['fit']>;

const grade = (g: string | null) => g ?? '(none)';
const contacts = (n: number) => (n === 1 ? '1 contact’s' : `${n} contacts’`);

/**
 * The fit half of a backtest: the contacts' current attributes under the rules on screen, against the
 * fit score they have, and (with grades) who would change grade.
 */
export function BacktestFit({ fit }: { fit: FitResult }) {
  return (
    <div className="backtest-fit" data-testid="backtest-fit">
      <h3>Fit and grades</h3>
      <p data-testid="backtest-fit-changed">
        Fit: {contacts(fit.changed)} fit score would change
        {fit.gradesMoved > 0 || fit.gradeTransitions.length > 0
          ? `; ${fit.gradesMoved} ${fit.gradesMoved === 1 ? 'contact' : 'contacts'} would change grade.`
          : '.'}
      </p>
      {fit.gradeTransitions.length > 0 && (
        <Table
          className="mini-table"
          testId="backtest-grade-transitions"
          columns={['From', 'To', 'Contacts']}
        >
          {fit.gradeTransitions.map((t) => (
            <tr key={`${t.from}>${t.to}`}>
              <td>{t.from}</td>
              <td>{t.to}</td>
              <td>{t.count}</td>
            </tr>
          ))}
        </Table>
      )}
      {fit.movements.length > 0 && (
        <Table
          className="mini-table"
          testId="backtest-fit-movements"
          columns={['Contact', `${fit.score} now → under the model`, 'Grade now → under the model']}
        >
          {fit.movements.map((m) => (
            <tr key={m.contactId}>
              <td>
                <Link href={`/contacts/${encodeURIComponent(m.contactId)}`}>
                  {m.email ?? 'Contact without email'}
                </Link>
              </td>
              <td>
                {m.fitNow} → {m.fitModel}
              </td>
              <td>
                {grade(m.gradeNow)} → {grade(m.gradeModel)}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {fit.changed > fit.movements.length && (
        <p className="muted small">The first {fit.movements.length} are listed.</p>
      )}
    </div>
  );
}
