// The list's own module: its index also loads an email validator this package does not need.
import { DOMAINS } from 'free-email-domains-list/build/src/constants.js';

/** Free and disposable email domains (gmail.com, yahoo.fr, ...), from a list maintained upstream. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = DOMAINS;

/** Whether an email domain is a free-mail one: its contacts are no company's. */
export const isFreeMailDomain = (domain: string) => FREE_MAIL_DOMAINS.has(domain.toLowerCase());
