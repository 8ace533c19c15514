import type { WriteKeyRecord } from '@scoreflow/api';
import { accessApi } from '../../api/access.js';
import { SecretsSection } from './SecretsSection.js';

const createWriteKey = async (name: string) => (await accessApi.createWriteKey({ name })).key;

/** Write keys: ingest-only secrets for websites and tools that send events, and nothing else. */
export function WriteKeysSection() {
  return (
    <SecretsSection<WriteKeyRecord>
      id="write-keys"
      title="Write keys"
      description="For sending events (POST /api/events, Segment’s /v1/*); they can do nothing else."
      noun="write key"
      list={accessApi.listWriteKeys}
      create={createWriteKey}
      remove={accessApi.deleteWriteKey}
      deleteWarning={(k) => `Events sent with “${k.name}” are refused from now on. This cannot be undone.`}
    />
  );
}
