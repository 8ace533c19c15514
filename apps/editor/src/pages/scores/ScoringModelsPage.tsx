import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { scoringModelsApi } from '../../api/scoring.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatTime } from '../../components/format.js';
import { Table } from '../../components/Table.js';
import { useLoad } from '../../components/useLoad.js';
import { ScoresTabs } from './ScoresTabs.js';
import './scores.css';

/** The scoring model tables; "New model" starts an empty one and opens it. */
export function ScoringModelsPage() {
  const { data: models, error, setError } = useLoad(scoringModelsApi.list);
  const [name, setName] = useState('');
  const [, navigate] = useLocation();

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const created = await scoringModelsApi.create({ name: name.trim() || 'Scoring model' });
      navigate(`/scores/models/${created.id}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Scores</h1>
      </header>
      <ScoresTabs current="models" />
      <p className="muted">
        A scoring model is a table: each asset or action (an event, optionally narrowed by a property), its
        stage and what it is worth — points, or a percentage of the sales-ready score. It generates the
        scoring flow. Its fit rules score who the contact is from their attributes, and its grades (A1–D4)
        combine fit and engagement.
      </p>
      <ErrorBanner error={error} />
      <form className="toolbar" onSubmit={create}>
        <input
          aria-label="Model name"
          placeholder="Model name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary">
          New model
        </button>
      </form>
      {models && models.length > 0 && (
        <Table className="flows-table" testId="models-table" columns={['Model', 'Rows', 'Flow', 'Updated']}>
          {models.map((m) => (
            <tr key={m.id}>
              <td className="flow-name">
                <Link href={`/scores/models/${m.id}`}>{m.name}</Link>
              </td>
              <td>{m.rowCount}</td>
              <td>
                {m.flowId ? (
                  <Link href={`/flows/${m.flowId}`}>Open flow</Link>
                ) : (
                  <span className="muted">not generated</span>
                )}
              </td>
              <td>{formatTime(m.updatedAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      {models?.length === 0 && <p className="empty-state">No scoring models yet.</p>}
    </div>
  );
}
