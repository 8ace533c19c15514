import type { Me } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { accessApi } from '../../api/access.js';
import { TokensSection } from './TokensSection.js';
import { UsersSection } from './UsersSection.js';
import { WriteKeysSection } from './WriteKeysSection.js';
import '../support.css';
import './admin.css';

/** Admin page: users and their roles, API tokens and write keys. The server refuses anyone else. */
export function UsersPage() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    accessApi.me().then(setMe, (e: Error) => setError(e.message));
  }, []);

  return (
    <div className="page wide admin-page">
      <header className="page-header">
        <h1>Users</h1>
      </header>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {me && me.role !== 'admin' && (
        <div className="banner error" role="alert">
          Only admins manage users, API tokens and write keys.
        </div>
      )}
      {me?.role === 'admin' && (
        <>
          <UsersSection me={me.user?.id ?? null} />
          <TokensSection />
          <WriteKeysSection />
        </>
      )}
    </div>
  );
}
