import type { Request } from 'express';

/**
 * Who acted, as the score ledger and a run's action history name them: a signed-in user by email, an
 * API token by the name it was given (tokens are not people; the token list says whose it is).
 */
export function actorOf(req: Request): string {
  const p = req.principal;
  if (p?.kind === 'session') return p.email;
  if (p?.kind === 'token') return `API token "${p.name}"`;
  return 'anonymous';
}
