import { ROLES, type Role } from '@scoreflow/api';
import { SelectOf } from '../../components/Field.js';

/** The role of a new user or API token. */
export function RoleField({ value, onValue }: { value: Role; onValue(role: Role): void }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: SelectOf renders the select inside the label.
    <label className="admin-field">
      Role
      <SelectOf options={ROLES} value={value} onValue={onValue} />
    </label>
  );
}
