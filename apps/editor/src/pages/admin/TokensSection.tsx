import type { Role, TokenRecord } from '@scoreflow/api';
import { useCallback, useState } from 'react';
import { accessApi } from '../../api/access.js';
import { when } from './forms.js';
import { RoleField } from './RoleField.js';
import { SecretsSection } from './SecretsSection.js';

const TOKEN_COLUMNS = [
  { header: 'Role', cell: (t: TokenRecord) => t.role },
  { header: 'Last used', cell: (t: TokenRecord) => <span className="small">{when(t.lastUsedAt)}</span> },
];

/** API tokens: Bearer secrets for scripts and integrations, each with a role. */
export function TokensSection() {
  const [role, setRole] = useState<Role>('marketer');
  const create = useCallback(
    async (name: string) => (await accessApi.createToken({ name, role })).token,
    [role],
  );
  return (
    <SecretsSection<TokenRecord>
      id="tokens"
      title="API tokens"
      description="Sent as “Authorization: Bearer …”; a token can do what its role can."
      noun="API token"
      list={accessApi.listTokens}
      create={create}
      remove={accessApi.deleteToken}
      deleteWarning={(t) => `Anything using “${t.name}” stops working at once. This cannot be undone.`}
      extraFields={<RoleField value={role} onValue={setRole} />}
      columns={TOKEN_COLUMNS}
    />
  );
}
