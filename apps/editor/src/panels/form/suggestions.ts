import { useEffect, useState } from 'react';
import { fetchNames, type NameKind } from '../../api/flows.js';

const cache = new Map<NameKind, Promise<string[]>>();

/** Event types marketers use most; offered even before the server knows any. */
export const COMMON_EVENTS = [
  'email.opened',
  'email.clicked',
  'email.bounced',
  'page.visited',
  'form.submitted',
  'purchase.completed',
  'webinar.registered',
  'contact.subscribed',
];

/** Names the server already knows (once per page load); empty when the endpoint does not exist. */
export function useServerNames(kind: NameKind | null): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!kind) return;
    let live = true;
    let p = cache.get(kind);
    if (!p) {
      p = fetchNames(kind);
      cache.set(kind, p);
    }
    void p.then((n) => {
      if (live) setNames(n);
    });
    return () => {
      live = false;
    };
  }, [kind]);
  return names;
}
