import type { Me, Role } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { accessApi } from '../../api/access.js';

// Once per page load: logging in or out is a full load, so who is logged in cannot change under a page.
let cached: Promise<Me | null> | undefined;

/** Who is logged in (user and role), `null` while unknown, on the login page, or when the server would not say. */
export function useCurrentMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    if (typeof window !== 'undefined' && window.location.pathname === '/login') return;
    cached ??= accessApi.me().then(
      (m) => m,
      () => null,
    );
    let live = true;
    void cached.then((m) => {
      if (live) setMe(m);
    });
    return () => {
      live = false;
    };
  }, []);
  return me;
}

/** The role of whoever is logged in, `null` while unknown or when the server would not say. */
export function useCurrentRole(): Role | null {
  return useCurrentMe()?.role ?? null;
}
