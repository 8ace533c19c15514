import type { Permission, Role } from '@scoreflow/api';
import type { Role as StoredRole } from '@scoreflow/store';
import type { Principal } from '../http/middleware.js';

/** The contract's roles and the stored ones are one list: this fails to compile if they drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesAgree: Same<Role, StoredRole> = true;
void rolesAgree;

/**
 * Whether `principal` passes `permission` (credentials already verified, CSRF already checked). What
 * each permission means is written beside its type in `@scoreflow/api`, where every route declares one.
 */
export function allows(permission: Permission, principal: Principal): boolean {
  if (permission === 'public' || permission === 'segment') return true;
  if (principal.kind === 'anonymous') return false;
  if (principal.kind === 'writeKey') return permission === 'ingest';
  if (permission === 'ingest') return principal.role === 'admin' || principal.role === 'marketer';
  return permission.includes(principal.role);
}
