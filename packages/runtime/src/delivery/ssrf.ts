import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { DeliveryError } from './errors.js';

/** Which webhook targets are allowed besides public unicast addresses. */
export interface TargetPolicy {
  /** Allow every address (WEBHOOK_ALLOW_PRIVATE=true): for installations that call their own LAN. */
  allowPrivate: boolean;
  /** Host names (or IP literals) that may resolve anywhere, e.g. an internal CRM. Lowercase. */
  allowHosts: readonly string[];
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The range an address falls in when it is not a public unicast address, else undefined. Loopback,
 * private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, which holds the cloud metadata service
 * 169.254.169.254, and fe80::/10), CGNAT (100.64/10), unique-local (fc00::/7, which holds
 * fd00:ec2::254), multicast, unspecified (0.0.0.0, ::), broadcast and reserved ranges are all refused;
 * IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries, and the IPv6
 * transition ranges (6to4, Teredo, NAT64) are refused because they can tunnel to any of the above.
 */
export function blockedRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * Resolves `hostname` and checks EVERY address it resolves to (a round-robin record with one private
 * entry is refused). The caller connects to the returned address, not to the name again, so a DNS
 * answer that changes between the check and the connection (DNS rebinding) cannot reach a blocked host.
 */
export async function resolveTarget(hostname: string, policy: TargetPolicy): Promise<CheckedAddress> {
  const host = bare(hostname);
  let addresses: { address: string; family: number }[];
  try {
    addresses = ipaddr.isValid(host)
      ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
      : await lookup(host, { all: true, verbatim: true });
  } catch (err) {
    throw new DeliveryError(`cannot resolve ${host}: ${(err as Error).message}`);
  }
  const first = addresses[0];
  if (!first) throw new DeliveryError(`cannot resolve ${host}: no address`);
  if (!policy.allowPrivate && !policy.allowHosts.includes(host)) {
    for (const { address } of addresses) {
      const range = blockedRange(address);
      if (range !== undefined) {
        throw new DeliveryError(
          `blocked: ${host} resolves to ${address}, a ${range} address; webhooks may only call public ` +
            'addresses unless WEBHOOK_ALLOW_PRIVATE=true or the host is listed in WEBHOOK_ALLOW_HOSTS',
          { permanent: true },
        );
      }
    }
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
