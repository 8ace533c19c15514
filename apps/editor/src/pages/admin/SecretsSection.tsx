import { type FormEvent, type ReactNode, useState } from 'react';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorBanner, FormAlert } from '../../components/ErrorBanner.js';
import { Field } from '../../components/Field.js';
import { ACTIONS_COLUMN, Table } from '../../components/Table.js';
import { useAction } from '../../components/useAction.js';
import { useConfirm } from '../../components/useConfirm.js';
import { useLoad } from '../../components/useLoad.js';
import { when } from './forms.js';
import { SecretOnce } from './SecretOnce.js';

interface SecretRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** What differs between API tokens and write keys; the section itself is the same for both. */
export interface SecretsSectionProps<T extends SecretRecord> {
  id: string;
  title: string;
  description: ReactNode;
  /** "API token", "write key": used in labels, buttons and the confirmation. */
  noun: string;
  list: () => Promise<T[]>;
  /** Creates one named `name` and answers its secret, shown once. */
  create: (name: string) => Promise<string>;
  remove: (id: string) => Promise<unknown>;
  /** What deleting this one breaks, for the confirmation. */
  deleteWarning: (item: T) => string;
  /** More inputs of the create form (a role select), controlled by the caller. */
  extraFields?: ReactNode;
  /** More table columns between the name and the creation time. */
  columns?: { header: string; cell: (item: T) => ReactNode }[];
}

/** A list of named secrets: create one (shown once), see them, delete one after confirming. */
export function SecretsSection<T extends SecretRecord>(props: SecretsSectionProps<T>) {
  const { data: items, error, reload, change } = useLoad(props.list);
  const [name, setName] = useState('');
  const { run, error: formErr } = useAction();
  const [secret, setSecret] = useState<string | null>(null);
  const columns = props.columns ?? [];
  const confirmDelete = useConfirm<T>(
    (item) => ({
      title: `Delete ${props.noun}?`,
      message: props.deleteWarning(item),
      confirmLabel: `Delete ${props.noun}`,
    }),
    (item) => change(() => props.remove(item.id)),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setSecret(await props.create(name.trim()));
      setName('');
      await reload();
    });
  };

  return (
    <section className="admin-section" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="muted small">{props.description}</p>
      <ErrorBanner error={error} />
      {secret && <SecretOnce label={`New ${props.noun}`} secret={secret} onDone={() => setSecret(null)} />}
      <form className="card admin-form" aria-label={`New ${props.noun}`} onSubmit={submit}>
        <Field
          labelClass="admin-field"
          label="Name"
          value={name}
          maxLength={100}
          onValue={setName}
          error={formErr?.fields.name}
        />
        {props.extraFields}
        <button type="submit" className="primary" disabled={!name.trim()}>
          Create {props.noun}
        </button>
        <FormAlert error={formErr} />
      </form>
      {items && items.length === 0 && <p className="muted">No {props.noun}s.</p>}
      {items && items.length > 0 && (
        <Table
          className="flows-table"
          testId={`${props.id}-table`}
          columns={['Name', ...columns.map((c) => c.header), 'Created', ACTIONS_COLUMN]}
        >
          {items.map((item) => (
            <tr key={item.id}>
              <td>{item.name}</td>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(item)}</td>
              ))}
              <td className="small">{when(item.createdAt)}</td>
              <td className="row-actions">
                <DeleteButton onClick={() => confirmDelete.ask(item)} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {confirmDelete.dialog}
    </section>
  );
}
