import { AccountQuery, AccountScoreQuery, API } from '@scoreflow/api';
import { type AccountAggregate, aggregateAccountScore, roundPoints } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { parseBody } from '../http/validate.js';

/**
 * What the member at `index` (members highest value first) adds to its account's score: its value to
 * a sum, its share of an average, and to a max only the first (highest) member's value counts, so the
 * contributions add up to the account's score.
 */
function contribution(values: readonly number[], index: number, aggregate: AccountAggregate): number {
  const value = values[index] ?? 0;
  if (aggregate === 'sum') return value;
  if (aggregate === 'average') return roundPoints(value / values.length);
  return index === 0 ? value : 0;
}

/** Accounts: contacts grouped by company, with a score made of their scores. */
export function accountRoutes(store: Store): Router {
  const router = guardedRouter();
  const aggregateOf = async (score: string): Promise<AccountAggregate> =>
    (await store.scoreDefinitions.get(score))?.account ?? 'sum';

  router.on(API.accounts.list, async (req, res) => {
    const q = parseBody(AccountQuery, req.query, 'query');
    const aggregate = await aggregateOf(q.score);
    const page = await store.accounts.list({ ...q, aggregate });
    res.json({ score: q.score, aggregate, ...page });
  });

  router.on(API.accounts.get, async (req, res) => {
    const { score } = parseBody(AccountScoreQuery, req.query, 'query');
    const key = String(req.params.key);
    const found = await store.accounts.members(key, score);
    if (!found) throw notFound(`Account ${key}`);
    const aggregate = await aggregateOf(score);
    const values = found.members.map((m) => m.value);
    const members = found.members.map((m, i) => ({ ...m, contribution: contribution(values, i, aggregate) }));
    res.json({
      key,
      name: found.name,
      contacts: members.length,
      score: aggregateAccountScore(values, aggregate),
      scoreName: score,
      aggregate,
      members,
    });
  });

  return router.router;
}
