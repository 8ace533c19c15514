import { AccountAggregate } from '@scoreflow/flow';
import { z } from 'zod';
import { ALL } from '../permissions.js';
import { ok, route } from '../route.js';

/** An account: the contacts of one company, and its score under the chosen score's aggregate. */
export const AccountSummary = z.object({
  key: z.string(),
  name: z.string(),
  contacts: z.number().int(),
  score: z.number(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const AccountList = z.object({
  /** The score the accounts are scored and sorted by, and how its contacts' values add up. */
  score: z.string(),
  aggregate: AccountAggregate,
  items: z.array(AccountSummary),
  total: z.number().int(),
});
export type AccountList = z.infer<typeof AccountList>;

/** One contact of an account and what it brings to the account's score. */
export const AccountMember = z.object({
  contactId: z.string(),
  email: z.string().nullable(),
  /** The contact's value of the score. */
  value: z.number(),
  /**
   * What the contact adds to the account's score: its value (sum), its value if it is the highest
   * else 0 (max), its value divided by the number of contacts (average).
   */
  contribution: z.number(),
});
export type AccountMember = z.infer<typeof AccountMember>;

export const AccountDetail = AccountSummary.extend({
  scoreName: z.string(),
  aggregate: AccountAggregate,
  /** Highest value first. */
  members: z.array(AccountMember),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

export const AccountQuery = z.object({
  score: z.string().min(1).max(100).default('SCORE'),
  /** Part of the account's name or key, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const AccountScoreQuery = z.object({ score: z.string().min(1).max(100).default('SCORE') });

const tag = 'Accounts';

export const ACCOUNTS = {
  list: route({
    method: 'get',
    path: '/api/accounts',
    permission: ALL,
    tag,
    summary: 'Accounts (contacts grouped by company or company email domain), highest score first',
    query: AccountQuery,
    responses: ok('Accounts', AccountList),
  }),
  get: route({
    method: 'get',
    path: '/api/accounts/:key',
    permission: ALL,
    tag,
    summary: 'One account with its contacts and what each adds to its score',
    query: AccountScoreQuery,
    responses: ok('The account', AccountDetail),
  }),
};
