import type { Role } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { accessApi } from '../../api/access.js';

// Once per page load: logging in or out is a full load, so the role cannot change under a loaded page.
let cached: Promise<Role | null> | undefined;

/** The role of whoever is logged in, `null` while unknown or when the server would not say. */
export function useCurrentRole(): Role | null {
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => {
    if (typeof window !== 'undefined' && window.location.pathname === '/login') return;
    cached ??= accessApi.me().then(
      (me) => me.role,
      () => null,
    );
    let live = true;
    void cached.then((r) => {
      if (live) setRole(r);
    });
    return () => {
      live = false;
    };
  }, []);
  return role;
}
