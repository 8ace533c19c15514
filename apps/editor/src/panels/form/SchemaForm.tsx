import { ChoiceBoxes } from './ChoiceBoxes.js';
import { DurationInput, NumberInput, ScalarInput } from './inputs.js';
import {
  DEFAULT_OPTIONS,
  fieldKind,
  fieldLabel,
  type JsonSchema,
  OPTION_LABELS,
  rowNames,
  suggestionKind,
} from './jsonSchema.js';
import { TemplateSelect } from './TemplateSelect.js';

/** Field errors keyed by the path inside the config, joined with "." ("delta", "where.0.value"). */
export type FieldErrors = Record<string, string>;

type Props = {
  idPrefix: string;
  schema: JsonSchema;
  value: Record<string, unknown>;
  errors: FieldErrors;
  disabled: boolean;
  /** `key` names the edited field so consecutive keystrokes merge into one undo step. */
  onChange(next: Record<string, unknown>, key: string): void;
  pathPrefix?: string;
};

function setKey(obj: Record<string, unknown>, key: string, v: unknown): Record<string, unknown> {
  const next = { ...obj };
  // Optional fields left empty are removed rather than stored as "" so the schema sees them absent.
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next;
}

/** A form generated from a config's JSON Schema; one labelled control per property. */
export function SchemaForm({ idPrefix, schema, value, errors, disabled, onChange, pathPrefix = '' }: Props) {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return (
    <div className="schema-form">
      {props.map(([name, prop]) => {
        const path = `${pathPrefix}${name}`;
        const id = `${idPrefix}-${path.replace(/\./g, '-')}`;
        const error = errors[path];
        const note = error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : (
          prop.description && <div className="hint">{prop.description}</div>
        );
        const label = (
          <>
            {fieldLabel(path)}
            {!required.has(name) && <span className="optional"> (optional)</span>}
          </>
        );
        const kind = fieldKind(name, prop);
        // A group of checkboxes is named by its legend, not by a label pointing at one control.
        if (kind.kind === 'choices')
          return (
            <div key={name} className={`field${error ? ' has-error' : ''}`} data-field={path}>
              <ChoiceBoxes
                id={id}
                legend={label}
                options={kind.options}
                labels={OPTION_LABELS}
                value={value[name]}
                disabled={disabled}
                invalid={Boolean(error)}
                onChange={(v) => onChange(setKey(value, name, v), path)}
              >
                {note}
              </ChoiceBoxes>
            </div>
          );
        return (
          <div key={name} className={`field${error ? ' has-error' : ''}`} data-field={path}>
            <label htmlFor={id}>{label}</label>
            <Field
              id={id}
              name={name}
              path={path}
              schema={prop}
              value={value[name]}
              errors={errors}
              disabled={disabled}
              invalid={Boolean(error)}
              onChange={(v, key) => onChange(setKey(value, name, v), key ?? path)}
            />
            {note}
          </div>
        );
      })}
    </div>
  );
}

type FieldProps = {
  id: string;
  name: string;
  path: string;
  schema: JsonSchema;
  value: unknown;
  errors: FieldErrors;
  disabled: boolean;
  invalid: boolean;
  onChange(v: unknown, key?: string): void;
};

function Field({ id, name, path, schema, value, errors, disabled, invalid, onChange }: FieldProps) {
  const kind = fieldKind(name, schema);
  switch (kind.kind) {
    case 'enum': {
      const shown = value ?? DEFAULT_OPTIONS[name];
      return (
        <select
          id={id}
          disabled={disabled}
          aria-invalid={invalid}
          value={String(shown ?? '')}
          onChange={(e) => onChange(e.target.value)}
        >
          {shown === undefined && <option value="">Choose…</option>}
          {kind.options.map((o) => (
            <option key={o} value={o}>
              {OPTION_LABELS[o] ?? o}
            </option>
          ))}
        </select>
      );
    }
    case 'boolean':
      return (
        <input
          id={id}
          type="checkbox"
          disabled={disabled}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'number':
      return (
        <NumberInput
          id={id}
          invalid={invalid}
          disabled={disabled}
          value={value}
          integer={kind.integer}
          onChange={onChange}
        />
      );
    case 'duration':
      return (
        <DurationInput id={id} invalid={invalid} disabled={disabled} value={value} onChange={onChange} />
      );
    case 'scalar':
      return (
        <ScalarInput
          id={id}
          invalid={invalid}
          disabled={disabled}
          nullable={kind.nullable}
          value={value}
          onChange={onChange}
        />
      );
    case 'string': {
      const list = suggestionKind(name);
      if (list === 'templates')
        return (
          <TemplateSelect id={id} value={value} invalid={invalid} disabled={disabled} onChange={onChange} />
        );
      return (
        <input
          id={id}
          type={schema.format === 'uri' ? 'url' : 'text'}
          aria-invalid={invalid}
          disabled={disabled}
          list={list ? `names-${list}` : undefined}
          autoComplete="off"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      );
    }
    case 'time':
      // The browser's time input hands over "HH:MM" (24 h) whatever clock the reader's locale shows.
      return (
        <input
          id={id}
          type="time"
          aria-invalid={invalid}
          disabled={disabled}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      );
    case 'rows':
      return (
        <Rows
          id={id}
          name={name}
          path={path}
          item={kind.item}
          max={kind.max}
          value={value}
          errors={errors}
          disabled={disabled}
          onChange={onChange}
        />
      );
    default:
      return <code className="muted small">{JSON.stringify(value)}</code>;
  }
}

function Rows(props: {
  id: string;
  name: string;
  path: string;
  item: JsonSchema;
  max: number | undefined;
  value: unknown;
  errors: FieldErrors;
  disabled: boolean;
  onChange(v: unknown, key?: string): void;
}) {
  const { id, name, path, item, max, errors, disabled, onChange } = props;
  const rows = Array.isArray(props.value) ? (props.value as Record<string, unknown>[]) : [];
  const names = rowNames(name);
  const required = new Set(item.required ?? []);
  // A new row starts valid where it can: an enum at its first option, a required number at its
  // minimum (a new variant at 0%), so adding a row does not break the step until it is filled in.
  const blank = () => {
    const row: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(item.properties ?? {})) {
      if (s.enum?.[0] !== undefined) row[k] = s.enum[0];
      else if (required.has(k) && s.type === 'number' && s.minimum !== undefined) row[k] = s.minimum;
    }
    return row;
  };
  const full = max !== undefined && rows.length >= max;
  return (
    <div className="rows" id={id}>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place
        <div className="row" key={i} data-testid="form-row">
          {names.title && <div className="row-title">{names.title(i)}</div>}
          <SchemaForm
            idPrefix={`${id}-${i}`}
            schema={item}
            value={row}
            errors={errors}
            disabled={disabled}
            pathPrefix={`${path}.${i}.`}
            onChange={(next, key) =>
              onChange(
                rows.map((r, j) => (j === i ? next : r)),
                key,
              )
            }
          />
          <button
            type="button"
            className="link danger-text"
            disabled={disabled}
            onClick={() => {
              const next = rows.filter((_, j) => j !== i);
              onChange(next.length ? next : undefined, `${path}:rows:${rows.length}`);
            }}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link"
        disabled={disabled || full}
        title={full ? `At most ${max} ${names.plural}` : undefined}
        onClick={() => onChange([...rows, blank()], `${path}:rows:${rows.length}`)}
      >
        {names.add}
      </button>
    </div>
  );
}
