import type { EmailCatalog } from '@scoreflow/flow';

type Props = {
  catalog: EmailCatalog | null;
  /** Inserts `{{ variable }}` where the cursor is in the part last edited. */
  onInsert(variable: string): void;
};

const FIXED = ['contact.email', 'contact.externalId', 'unsubscribe_url'];

/** The Liquid variables a template can use, from what contacts actually carry; a click inserts one. */
export function VariablePicker({ catalog, onInsert }: Props) {
  const group = (title: string, variables: string[], empty: string) => (
    <div className="variable-group">
      <h3>{title}</h3>
      {variables.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul>
          {variables.map((v) => (
            <li key={v}>
              <button
                type="button"
                className="variable"
                onClick={() => onInsert(v)}
                title={`Insert {{ ${v} }}`}
              >
                {v}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <aside className="variable-picker" aria-label="Variables">
      <h2>Variables</h2>
      <p className="hint">Click one to insert it where the cursor is.</p>
      {group('Contact', FIXED, '')}
      {group(
        'Attributes',
        (catalog?.attributes ?? []).map((a) => `contact.attributes.${a}`),
        'No contact has attributes yet.',
      )}
      {group(
        'Scores',
        (catalog?.scores ?? []).map((s) => `contact.scores.${s}`),
        'No scores yet.',
      )}
    </aside>
  );
}
