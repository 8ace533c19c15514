import { fromJson } from '../codec.js';
import { StoreError } from '../errors.js';
import type { ContactAttributes, ContactIdentity, ContactRow } from './contacts.js';

/** Emails compare case-insensitively: `Ann@Example.com` and `ann@example.com` are one contact. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

// JSON equality is enough here: attribute values are JSON values and are stored as JSON.
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const ownValue = (object: ContactAttributes, name: string): unknown =>
  Object.hasOwn(object, name) ? object[name] : undefined;

/** `attributes` with `patch` merged in, and the names whose value changed. */
export function mergeAttributes(text: string, patch: ContactAttributes) {
  const attributes = fromJson<ContactAttributes>(text);
  const changed = Object.keys(patch).filter((name) => !sameJson(ownValue(attributes, name), patch[name]));
  // Attribute names come from users: define, never assign, so a name like `__proto__` stays plain data.
  for (const name of changed) {
    Object.defineProperty(attributes, name, {
      value: patch[name],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { attributes, changed };
}

/** The identifiers of `identity`, trimmed, the email lowercased; throws when there is neither. */
export function identifiers(identity: ContactIdentity) {
  const rawEmail = clean(identity.email);
  const email = rawEmail === null ? null : normalizeEmail(rawEmail);
  const externalId = clean(identity.externalId);
  if (email === null && externalId === null) {
    throw new StoreError('contact_identity_required', 'A contact needs an email or an external id');
  }
  return { email, externalId };
}

/**
 * The contact an identity names, from the contacts its external id and its email name (each by its own
 * column or as the identifier of a contact merged into it); throws `contact_identity_conflict` when the
 * two name different contacts, or the email's contact already has another external id.
 */
export function namedContact(
  byExternal: ContactRow | undefined,
  byEmail: ContactRow | undefined,
  externalId: string | null,
): ContactRow | undefined {
  if (byExternal && byEmail && byExternal.id !== byEmail.id) {
    throw new StoreError(
      'contact_identity_conflict',
      `The email and the external id belong to two different contacts (${byEmail.id}, ${byExternal.id})`,
    );
  }
  // A merged contact's external id is a secondary one of the survivor: found above, no conflict.
  if (
    !byExternal &&
    byEmail &&
    externalId !== null &&
    byEmail.external_id !== null &&
    byEmail.external_id !== externalId
  ) {
    throw new StoreError(
      'contact_identity_conflict',
      `Contact ${byEmail.id} with this email already has another external id`,
    );
  }
  return byExternal ?? byEmail;
}

/**
 * The identifiers `found` has once it learns the ones it lacks (the first time an identity carries
 * both), or undefined when it learns nothing.
 */
export function learnedIdentifiers(
  found: ContactRow,
  email: string | null,
  externalId: string | null,
): { email: string | null; externalId: string | null } | undefined {
  const next = { email: found.email ?? email, externalId: found.external_id ?? externalId };
  return next.email === found.email && next.externalId === found.external_id ? undefined : next;
}
