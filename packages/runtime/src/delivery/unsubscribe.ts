import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Store } from '@scoreflow/store';

/** The name of the key that signs unsubscribe links (in the store's `secrets`, made on first use). */
export const UNSUBSCRIBE_SECRET = 'unsubscribe';

const mac = (secret: string, contactId: string) =>
  createHmac('sha256', secret).update(`unsubscribe:${contactId}`).digest('base64url');

/**
 * A token naming the contact, signed so that nobody can unsubscribe someone else by guessing ids.
 * It never expires: an unsubscribe link in a years-old email must still work.
 */
export async function unsubscribeToken(store: Store, contactId: string): Promise<string> {
  const secret = await store.secrets.getOrCreate(UNSUBSCRIBE_SECRET);
  return `${Buffer.from(contactId).toString('base64url')}.${mac(secret, contactId)}`;
}

/** The contact id a token names, or undefined when the token was not signed by this installation. */
export async function verifyUnsubscribeToken(store: Store, token: string): Promise<string | undefined> {
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return undefined;
  const secret = await store.secrets.get(UNSUBSCRIBE_SECRET);
  if (!secret) return undefined;
  const contactId = Buffer.from(encoded, 'base64url').toString();
  const expected = Buffer.from(mac(secret, contactId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? contactId : undefined;
}

/** `{publicUrl}/u/<token>`: the page that unsubscribes the contact (GET shows it, POST is one-click). */
export async function unsubscribeUrl(store: Store, publicUrl: string, contactId: string): Promise<string> {
  return `${publicUrl.replace(/\/+$/, '')}/u/${await unsubscribeToken(store, contactId)}`;
}
