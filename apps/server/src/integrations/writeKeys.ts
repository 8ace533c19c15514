import { timingSafeEqual } from 'node:crypto';

/** Whether a Segment-style write key may send events. */
export type WriteKeyCheck = (key: string) => boolean;

/**
 * The one place write keys are checked. Today the keys come from SEGMENT_WRITE_KEY (comma-separated);
 * managed keys replace this function without touching the routes.
 */
export function writeKeyCheck(keys: readonly string[]): WriteKeyCheck {
  const allowed = keys.map((k) => Buffer.from(k.trim())).filter((k) => k.length > 0);
  return (key) => {
    const given = Buffer.from(key);
    return allowed.some((k) => k.length === given.length && timingSafeEqual(k, given));
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
