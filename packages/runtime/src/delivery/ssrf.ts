import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
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
 * A block of addresses webhooks may not call. `global: true` marks the few entries the IANA registries
 * list as "Globally Reachable = True"; they are blocked all the same, because what lives there is
 * infrastructure (NAT traversal and AMT relays, AS112 DNS sinks, ORCHID and drone identifiers), never a
 * webhook receiver. `embedsIPv4` marks prefixes whose last 32 bits are an IPv4 address.
 */
interface SpecialBlock {
  cidr: string;
  name: string;
  global?: true;
  embedsIPv4?: true;
}

/**
 * The IANA IPv4 Special-Purpose Address Registry, every entry (RFC 6890 and its updates), plus multicast
 * (224.0.0.0/4, RFC 5771), which that registry leaves to the multicast registry. Notes on the registry's
 * globally reachable entries: 192.88.99.0/24 is the deprecated 6to4 relay anycast block (RFC 7526;
 * its 6a44 relay 192.88.99.2 is listed as reachable), 192.0.0.9 and 192.0.0.10 are PCP and TURN anycast,
 * 192.31.196.0/24 and 192.175.48.0/24 AS112, 192.52.193.0/24 AMT.
 */
const IPV4_SPECIAL: readonly SpecialBlock[] = [
  { cidr: '0.0.0.0/8', name: '"This network"' },
  { cidr: '0.0.0.0/32', name: '"This host on this network"' },
  { cidr: '10.0.0.0/8', name: 'Private-Use' },
  { cidr: '100.64.0.0/10', name: 'Shared Address Space' },
  { cidr: '127.0.0.0/8', name: 'Loopback' },
  { cidr: '169.254.0.0/16', name: 'Link Local' },
  { cidr: '172.16.0.0/12', name: 'Private-Use' },
  { cidr: '192.0.0.0/24', name: 'IETF Protocol Assignments' },
  { cidr: '192.0.0.0/29', name: 'IPv4 Service Continuity Prefix' },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address' },
  { cidr: '192.0.0.9/32', name: 'Port Control Protocol Anycast', global: true },
  { cidr: '192.0.0.10/32', name: 'Traversal Using Relays around NAT Anycast', global: true },
  { cidr: '192.0.0.170/32', name: 'NAT64/DNS64 Discovery' },
  { cidr: '192.0.0.171/32', name: 'NAT64/DNS64 Discovery' },
  { cidr: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', global: true },
  { cidr: '192.52.193.0/24', name: 'AMT', global: true },
  { cidr: '192.88.99.0/24', name: 'Deprecated (6to4 Relay Anycast)' },
  { cidr: '192.88.99.2/32', name: '6a44-relay anycast address', global: true },
  { cidr: '192.168.0.0/16', name: 'Private-Use' },
  { cidr: '192.175.48.0/24', name: 'Direct Delegation AS112 Service', global: true },
  { cidr: '198.18.0.0/15', name: 'Benchmarking' },
  { cidr: '198.51.100.0/24', name: 'Documentation (TEST-NET-2)' },
  { cidr: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)' },
  { cidr: '224.0.0.0/4', name: 'Multicast' },
  { cidr: '240.0.0.0/4', name: 'Reserved' },
  { cidr: '255.255.255.255/32', name: 'Limited Broadcast' },
];

/**
 * The IANA IPv6 Special-Purpose Address Registry, every entry, plus blocks it does not list but that
 * reach no public service: multicast (ff00::/8), the deprecated IPv4-compatible (::/96, RFC 4291) and
 * site-local (fec0::/10, RFC 3879) blocks, IPv4-translated addresses (::ffff:0:0:0/96, RFC 6145), and
 * everything outside 2000::/3, the only block the IANA IPv6 Address Space registry allocates as global
 * unicast (the more specific entries still name what an address is).
 * The registry's IPv4-mapped block (::ffff:0:0/96) is not judged here: a dual-stack socket connects to
 * the IPv4 address it carries, so that address is judged instead. The NAT64 well-known prefix
 * (64:ff9b::/96) is globally reachable in the registry and blocked here anyway, as it always was: a
 * translator may reach more than the Internet, and an IPv6-only installation can list the hosts it
 * reaches through DNS64 in WEBHOOK_ALLOW_HOSTS.
 */
const IPV6_SPECIAL: readonly SpecialBlock[] = [
  { cidr: '::1/128', name: 'Loopback Address' },
  { cidr: '::/128', name: 'Unspecified Address' },
  { cidr: '::/96', name: 'IPv4-compatible (deprecated)', embedsIPv4: true },
  { cidr: '::ffff:0:0:0/96', name: 'IPv4-translated' },
  { cidr: '64:ff9b::/96', name: 'IPv4-IPv6 Translat.', global: true, embedsIPv4: true },
  { cidr: '64:ff9b:1::/48', name: 'IPv4-IPv6 Translat. (local-use)' },
  { cidr: '100::/64', name: 'Discard-Only Address Block' },
  { cidr: '100:0:0:1::/64', name: 'Dummy IPv6 Prefix' },
  { cidr: '2001::/23', name: 'IETF Protocol Assignments' },
  { cidr: '2001::/32', name: 'TEREDO' },
  { cidr: '2001:1::1/128', name: 'Port Control Protocol Anycast', global: true },
  { cidr: '2001:1::2/128', name: 'Traversal Using Relays around NAT Anycast', global: true },
  { cidr: '2001:1::3/128', name: 'DNS-SD Service Registration Protocol Anycast', global: true },
  { cidr: '2001:2::/48', name: 'Benchmarking' },
  { cidr: '2001:3::/32', name: 'AMT', global: true },
  { cidr: '2001:4:112::/48', name: 'AS112-v6', global: true },
  { cidr: '2001:10::/28', name: 'Deprecated (previously ORCHID)' },
  { cidr: '2001:20::/28', name: 'ORCHIDv2', global: true },
  { cidr: '2001:30::/28', name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', global: true },
  { cidr: '2001:db8::/32', name: 'Documentation' },
  { cidr: '2002::/16', name: '6to4' },
  { cidr: '2620:4f:8000::/48', name: 'Direct Delegation AS112 Service', global: true },
  { cidr: '3fff::/20', name: 'Documentation' },
  { cidr: '5f00::/16', name: 'Segment Routing (SRv6) SIDs' },
  { cidr: 'fc00::/7', name: 'Unique-Local' },
  { cidr: 'fe80::/10', name: 'Link-Local Unicast' },
  { cidr: 'fec0::/10', name: 'Site-Local (deprecated)' },
  { cidr: 'ff00::/8', name: 'Multicast' },
  { cidr: '::/3', name: 'Not global unicast (outside 2000::/3)' },
  { cidr: '4000::/2', name: 'Not global unicast (outside 2000::/3)' },
  { cidr: '8000::/1', name: 'Not global unicast (outside 2000::/3)' },
];

const IPV4_BLOCKS = IPV4_SPECIAL.map((block) => ({ block, range: ipaddr.IPv4.parseCIDR(block.cidr) }));
const IPV6_BLOCKS = IPV6_SPECIAL.map((block) => ({ block, range: ipaddr.IPv6.parseCIDR(block.cidr) }));

/** The most specific block holding `address` (192.0.0.9 is PCP anycast, within IETF Protocol Assignments). */
function specialBlock(address: ipaddr.IPv4 | ipaddr.IPv6): SpecialBlock | undefined {
  const holding =
    address instanceof ipaddr.IPv4
      ? IPV4_BLOCKS.filter(({ range }) => address.match(range))
      : IPV6_BLOCKS.filter(({ range }) => address.match(range));
  let best: { block: SpecialBlock; bits: number } | undefined;
  for (const { block, range } of holding) if (!best || range[1] > best.bits) best = { block, bits: range[1] };
  return best?.block;
}

/**
 * ipaddr.js 1.x cannot read an IPv4 tail after a bare `::` (`::127.0.0.1`, which is how node prints the
 * DNS answer ::7f00:1); the WHATWG URL parser writes such an address in hex, which it can.
 */
function readable(address: string): string {
  if (ipaddr.isValid(address) || isIP(address) !== 6) return address;
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/**
 * Why webhooks may not call `address`, as the block and its registry name ("127.0.0.0/8 Loopback"), or
 * undefined for a public unicast address. Anything ipaddr.js does not call unicast is refused as well.
 * An IPv4-mapped address (::ffff:127.0.0.1) is judged as the IPv4 address it carries, since that is what
 * a dual-stack socket connects to; an IPv4-compatible (::7f00:1) or NAT64 (64:ff9b::a00:1) one is refused
 * in any case and also names the blocked IPv4 address inside, which is where it would lead.
 */
export function blockedRange(text: string): string | undefined {
  const address = readable(text);
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  const block = specialBlock(parsed);
  if (block?.embedsIPv4 && parsed instanceof ipaddr.IPv6) {
    const inner = ipaddr.fromByteArray(parsed.toByteArray().slice(12)).toString();
    const innerRange = blockedRange(inner);
    if (innerRange !== undefined) return `${block.cidr} ${block.name}, carrying ${innerRange}`;
  }
  if (block) return `${block.cidr} ${block.name}`;
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
          `blocked: ${host} resolves to ${address}, which is in ${range}; webhooks may only call public ` +
            'addresses unless WEBHOOK_ALLOW_PRIVATE=true or the host is listed in WEBHOOK_ALLOW_HOSTS',
          { permanent: true },
        );
      }
    }
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
