import type { ScoreRecord } from '@scoreflow/api';
import { DEFAULT_SCORE, type DecayPolicy, type ScoreBand } from '@scoreflow/flow';
import { useState } from 'react';
import { scoresApi } from '../../api/scoring.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { useConfirm } from '../../components/useConfirm.js';
import { useLoad } from '../../components/useLoad.js';
import { AGGREGATE_WORDS } from '../accounts/accountScore.js';
import { ScoreForm } from './ScoreForm.js';
import { ScoresTabs } from './ScoresTabs.js';
import './scores.css';

function decayText(decay: DecayPolicy | null): string {
  if (!decay) return 'none';
  if (decay.kind === 'expire') return `points expire after ${decay.days} days`;
  if (decay.kind === 'percent') return `−${decay.percent} % per ${decay.periodDays} days without engagement`;
  return `reset to ${decay.value} after ${decay.days} days without engagement`;
}

function bandsText(bands: ScoreBand[] | null): string {
  if (!bands || bands.length === 0) return 'none';
  return bands.map((b) => (b.min === null ? b.name : `${b.name} ≥ ${b.min}`)).join(' · ');
}

const bound = (n: number | null) => (n === null ? '—' : String(n));

/** Named scores: their bounds, decay and bands; create, edit, delete (all but SCORE). */
export function ScoresPage() {
  const { data: scores, error, reload, change } = useLoad(scoresApi.list);
  const [editing, setEditing] = useState<ScoreRecord | 'new' | null>(null);
  const confirmDelete = useConfirm<string>(
    (name) => ({
      title: `Delete ${name}?`,
      message:
        'Contacts keep their values and ledger rows; flows that name this score keep working without bounds, decay or bands.',
      confirmLabel: 'Delete score',
    }),
    (name) => change(() => scoresApi.remove(name)),
  );

  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Scores</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New score
        </button>
      </header>
      <ScoresTabs current="scores" />
      <ErrorBanner error={error} />
      {editing && (
        <ScoreForm
          key={editing === 'new' ? 'new' : editing.name}
          score={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSave={async (def) => {
            await scoresApi.save(def);
            setEditing(null);
            await reload();
          }}
        />
      )}
      {scores && (
        <Table
          className="flows-table"
          testId="scores-table"
          columns={['Score', 'Floor', 'Cap', 'Decay', 'Bands', 'Account score', ACTIONS_COLUMN]}
        >
          {scores.map((s) => (
            <tr key={s.name} data-testid={`score-row-${s.name}`}>
              <td>
                <strong>{s.name}</strong>
                {s.description && <div className="muted small">{s.description}</div>}
              </td>
              <td>{bound(s.floor)}</td>
              <td>{bound(s.cap)}</td>
              <td>{decayText(s.decay)}</td>
              <td className="small">{bandsText(s.bands)}</td>
              <td className="small">the {AGGREGATE_WORDS[s.account]} of its contacts</td>
              <td className="row-actions">
                <button type="button" onClick={() => setEditing(s)}>
                  Edit
                </button>
                {s.name !== DEFAULT_SCORE && <DeleteButton onClick={() => confirmDelete.ask(s.name)} />}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {confirmDelete.dialog}
    </div>
  );
}
