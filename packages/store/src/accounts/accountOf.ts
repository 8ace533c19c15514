import { isFreeMailDomain } from './freeMail.js';

/** The account a contact belongs to: `key` in URLs and lookups, `name` as people read it. */
export interface AccountRef {
  key: string;
  name: string;
}

/**
 * A contact's account from its row: the `company` attribute (the generated `company_key`, trimmed and
 * in lower case, so "Acme " and "acme" are one account), else the email's domain (`email_domain`)
 * unless it is a free-mail one. The keys are the database's own, so they match its indexes whatever
 * `lower` does with letters outside ASCII there.
 */
export function accountOf(row: {
  companyKey: string | null;
  emailDomain: string | null;
  company: unknown;
}): AccountRef | undefined {
  if (row.companyKey !== null) {
    const name = String(row.company ?? '').trim();
    return { key: row.companyKey, name: name === '' ? row.companyKey : name };
  }
  if (row.emailDomain === null || isFreeMailDomain(row.emailDomain)) return undefined;
  return { key: row.emailDomain, name: row.emailDomain };
}
