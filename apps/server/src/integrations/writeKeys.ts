import { timingSafeEqual } from 'node:crypto';
import type { Store } from '@scoreflow/store';
import { hashSecret } from '../auth/secrets.js';

/** Whether a Segment-style write key may send events. */
export type WriteKeyCheck = (key: string) => Promise<boolean>;

/**
 * The one place Segment write keys are checked: the keys of SEGMENT_WRITE_KEY (comma-separated) and the
 * managed keys an admin created (`/api/write-keys`, stored hashed).
 */
export function writeKeyCheck(keys: readonly string[], store?: Store): WriteKeyCheck {
  const allowed = keys.map((k) => Buffer.from(k.trim())).filter((k) => k.length > 0);
  return async (key) => {
    const given = Buffer.from(key);
    if (allowed.some((k) => k.length === given.length && timingSafeEqual(k, given))) return true;
    if (key.length === 0 || !store) return false;
    return (await store.access.findWriteKey(hashSecret(key))) !== undefined;
  };
}

/** The write key of a request: the HTTP Basic user (Segment's scheme), else `writeKey` in the body. */
export function writeKeyOf(authorization: string | undefined, body: unknown): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], 'base64').toString();
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  const fromBody = (body as { writeKey?: unknown } | undefined)?.writeKey;
  return typeof fromBody === 'string' ? fromBody : undefined;
}
