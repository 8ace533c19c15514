import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { blockedRange, resolveTarget } from './ssrf.js';

/**
 * Every entry of the IANA IPv4 and IPv6 Special-Purpose Address Registries (and the few blocks added to
 * them), written out here by hand rather than read from the table under test: the block, its first and
 * last address, and an address just outside it with whether that one is public.
 */
const IPV4: [cidr: string, first: string, last: string, outside: string, outsidePublic: boolean][] = [
  ['0.0.0.0/8', '0.0.0.0', '0.255.255.255', '1.0.0.0', true],
  ['0.0.0.0/32', '0.0.0.0', '0.0.0.0', '0.0.0.1', false],
  ['10.0.0.0/8', '10.0.0.0', '10.255.255.255', '11.0.0.0', true],
  ['100.64.0.0/10', '100.64.0.0', '100.127.255.255', '100.128.0.0', true],
  ['127.0.0.0/8', '127.0.0.0', '127.255.255.255', '128.0.0.0', true],
  ['169.254.0.0/16', '169.254.0.0', '169.254.255.255', '169.255.0.0', true],
  ['172.16.0.0/12', '172.16.0.0', '172.31.255.255', '172.32.0.0', true],
  ['192.0.0.0/24', '192.0.0.0', '192.0.0.255', '192.0.1.0', true],
  ['192.0.0.0/29', '192.0.0.0', '192.0.0.7', '192.0.0.8', false],
  ['192.0.0.8/32', '192.0.0.8', '192.0.0.8', '192.0.0.11', false],
  ['192.0.0.9/32', '192.0.0.9', '192.0.0.9', '192.0.0.11', false],
  ['192.0.0.10/32', '192.0.0.10', '192.0.0.10', '192.0.0.11', false],
  ['192.0.0.170/32', '192.0.0.170', '192.0.0.170', '192.0.0.169', false],
  ['192.0.0.171/32', '192.0.0.171', '192.0.0.171', '192.0.0.172', false],
  ['192.0.2.0/24', '192.0.2.0', '192.0.2.255', '192.0.3.0', true],
  ['192.31.196.0/24', '192.31.196.0', '192.31.196.255', '192.31.197.0', true],
  ['192.52.193.0/24', '192.52.193.0', '192.52.193.255', '192.52.194.0', true],
  ['192.88.99.0/24', '192.88.99.0', '192.88.99.255', '192.88.100.0', true],
  ['192.88.99.2/32', '192.88.99.2', '192.88.99.2', '192.88.99.3', false],
  ['192.168.0.0/16', '192.168.0.0', '192.168.255.255', '192.169.0.0', true],
  ['192.175.48.0/24', '192.175.48.0', '192.175.48.255', '192.175.49.0', true],
  ['198.18.0.0/15', '198.18.0.0', '198.19.255.255', '198.20.0.0', true],
  ['198.51.100.0/24', '198.51.100.0', '198.51.100.255', '198.51.101.0', true],
  ['203.0.113.0/24', '203.0.113.0', '203.0.113.255', '203.0.114.0', true],
  ['224.0.0.0/4', '224.0.0.0', '239.255.255.255', '223.255.255.255', true],
  ['240.0.0.0/4', '240.0.0.0', '255.255.255.254', '239.255.255.255', false],
  ['255.255.255.255/32', '255.255.255.255', '255.255.255.255', '255.255.255.254', false],
];

const IPV6: [cidr: string, first: string, last: string, outside: string, outsidePublic: boolean][] = [
  ['::1/128', '::1', '::1', '::2', false],
  ['::/128', '::', '::', '::1', false],
  ['::/96', '::2', '::ffff:ffff', '::1:0:0', false],
  ['::ffff:0:0:0/96', '::ffff:0:0:0', '::ffff:0:ffff:ffff', '::ffff:1:0:0', false],
  ['64:ff9b::/96', '64:ff9b::', '64:ff9b::ffff:ffff', '64:ff9b::1:0:0', false],
  ['64:ff9b:1::/48', '64:ff9b:1::', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff', '64:ff9b:2::', false],
  ['100::/64', '100::', '100::ffff:ffff:ffff:ffff', '100:0:0:1::', false],
  ['100:0:0:1::/64', '100:0:0:1::', '100::1:ffff:ffff:ffff:ffff', '100:0:0:2::', false],
  ['2001::/23', '2001::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:200::', true],
  ['2001::/32', '2001::', '2001:0:ffff:ffff:ffff:ffff:ffff:ffff', '2001:1::', false],
  ['2001:1::1/128', '2001:1::1', '2001:1::1', '2001:1::', false],
  ['2001:1::2/128', '2001:1::2', '2001:1::2', '2001:1::4', false],
  ['2001:1::3/128', '2001:1::3', '2001:1::3', '2001:1::4', false],
  ['2001:2::/48', '2001:2::', '2001:2:0:ffff:ffff:ffff:ffff:ffff', '2001:2:1::', false],
  ['2001:3::/32', '2001:3::', '2001:3:ffff:ffff:ffff:ffff:ffff:ffff', '2001:4::', false],
  ['2001:4:112::/48', '2001:4:112::', '2001:4:112:ffff:ffff:ffff:ffff:ffff', '2001:4:113::', false],
  ['2001:10::/28', '2001:10::', '2001:1f:ffff:ffff:ffff:ffff:ffff:ffff', '2001:f:ffff::', false],
  ['2001:20::/28', '2001:20::', '2001:2f:ffff:ffff:ffff:ffff:ffff:ffff', '2001:40::', false],
  ['2001:30::/28', '2001:30::', '2001:3f:ffff:ffff:ffff:ffff:ffff:ffff', '2001:40::', false],
  ['2001:db8::/32', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::', true],
  ['2002::/16', '2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2003::', true],
  ['2620:4f:8000::/48', '2620:4f:8000::', '2620:4f:8000:ffff:ffff:ffff:ffff:ffff', '2620:4f:8001::', true],
  ['3fff::/20', '3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', '3fff:1000::', true],
  ['5f00::/16', '5f00::', '5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '5f01::', false],
  ['fc00::/7', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe00::', false],
  ['fe80::/10', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fec0::', false],
  ['fec0::/10', 'fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ff00::', false],
  ['ff00::/8', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'feff::', false],
  ['::/3', '::', '1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2000::', true],
  ['4000::/2', '4000::', '7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '3fff:ffff::', true],
  ['8000::/1', '8000::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '7fff:ffff::', false],
];

/** The block a verdict names: its first word ("127.0.0.0/8 Loopback" → 127.0.0.0/8). */
const blockOf = (address: string) => blockedRange(address)?.split(' ')[0];

/** Whether `inner` is `outer` or a block inside it. */
function within(inner: string, outer: string): boolean {
  const [innerNet, innerBits] = ipaddr.parseCIDR(inner);
  const [outerNet, outerBits] = ipaddr.parseCIDR(outer);
  return (
    innerNet.kind() === outerNet.kind() &&
    innerBits >= outerBits &&
    ipaddr.subnetMatch(innerNet as ipaddr.IPv6, { hit: [[outerNet as ipaddr.IPv6, outerBits]] }, 'miss') ===
      'hit'
  );
}

describe('blockedRange', () => {
  it.each([...IPV4, ...IPV6])(
    '%s: blocks its first and last address',
    (cidr, first, last, outside, isPublic) => {
      for (const address of [first, last]) {
        const block = blockOf(address);
        expect(block, address).toBeDefined();
        // A more specific entry may name it (0.0.0.0 is "This host on this network", inside "This network").
        expect(within(block ?? '', cidr), `${address} is named by ${block}`).toBe(true);
      }
      const around = blockOf(outside);
      if (isPublic) expect(around, outside).toBeUndefined();
      else expect(around !== undefined && !within(around, cidr), `${outside} is in ${around}`).toBe(true);
    },
  );

  it('names the registry entry', () => {
    expect(blockedRange('127.0.0.1')).toBe('127.0.0.0/8 Loopback');
    expect(blockedRange('169.254.169.254')).toBe('169.254.0.0/16 Link Local');
    expect(blockedRange('192.0.0.9')).toBe('192.0.0.9/32 Port Control Protocol Anycast');
    expect(blockedRange('fd00:ec2::254')).toBe('fc00::/7 Unique-Local');
  });

  it('blocks the ranges ipaddr.js alone calls public', () => {
    expect(ipaddr.parse('198.18.0.1').range()).toBe('unicast');
    expect(blockedRange('198.18.0.1')).toBe('198.18.0.0/15 Benchmarking');
    expect(blockedRange('64:ff9b:1::1')).toBe('64:ff9b:1::/48 IPv4-IPv6 Translat. (local-use)');
    expect(blockedRange('100::1')).toBe('100::/64 Discard-Only Address Block');
    expect(blockedRange('::7f00:1')).toBe(
      '::/96 IPv4-compatible (deprecated), carrying 127.0.0.0/8 Loopback',
    );
    expect(blockedRange('::127.0.0.1')).toBe(blockedRange('::7f00:1'));
  });

  it('judges an address that embeds IPv4 by the IPv4 inside as well', () => {
    // IPv4-mapped: the socket connects to the IPv4 address itself.
    expect(blockedRange('::ffff:127.0.0.1')).toBe('127.0.0.0/8 Loopback');
    expect(blockedRange('::ffff:7f00:1')).toBe('127.0.0.0/8 Loopback');
    expect(blockedRange('::ffff:198.18.0.1')).toBe('198.18.0.0/15 Benchmarking');
    expect(blockedRange('::ffff:0.0.0.0')).toBe('0.0.0.0/32 "This host on this network"');
    expect(blockedRange('::ffff:255.255.255.255')).toBe('255.255.255.255/32 Limited Broadcast');
    expect(blockedRange('::ffff:8.8.8.8')).toBeUndefined();
    // NAT64 and IPv4-compatible: refused whatever they carry, and they say what they carry.
    expect(blockedRange('64:ff9b::a00:1')).toBe(
      '64:ff9b::/96 IPv4-IPv6 Translat., carrying 10.0.0.0/8 Private-Use',
    );
    expect(blockedRange('64:ff9b::169.254.169.254')).toMatch(/carrying 169\.254\.0\.0\/16 Link Local$/);
    expect(blockedRange('64:ff9b::8.8.8.8')).toBe('64:ff9b::/96 IPv4-IPv6 Translat.');
    expect(blockedRange('::8.8.8.8')).toBe('::/96 IPv4-compatible (deprecated)');
    expect(blockedRange('::ffff:0:7f00:1')).toBe('::ffff:0:0:0/96 IPv4-translated');
  });

  it('keeps blocking what ipaddr.js calls non-unicast, and lets public unicast through', () => {
    for (const address of [
      '224.0.0.1',
      '239.255.255.250',
      'ff02::1',
      'ff05::1:3',
      '2002:7f00:1::',
      '2001::1',
    ]) {
      expect(ipaddr.parse(address).range()).not.toBe('unicast');
      expect(blockedRange(address), address).toBeDefined();
    }
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '93.184.216.34',
      '2606:4700:4700::1111',
      '2a00:1450:4001::1',
    ]) {
      expect(blockedRange(address), address).toBeUndefined();
    }
    expect(blockedRange('not-an-address')).toBe('invalid');
  });
});

describe('resolveTarget', () => {
  const policy = { allowPrivate: false, allowHosts: [] };
  it('refuses an IP literal in a blocked block, naming the block', async () => {
    await expect(resolveTarget('[::7f00:1]', policy)).rejects.toThrow(
      /blocked: ::7f00:1 resolves to ::7f00:1, which is in ::\/96 .*carrying 127\.0\.0\.0\/8 Loopback/,
    );
    await expect(resolveTarget('198.18.0.1', policy)).rejects.toThrow(/198\.18\.0\.0\/15 Benchmarking/);
    await expect(resolveTarget('8.8.8.8', policy)).resolves.toEqual({ address: '8.8.8.8', family: 4 });
    await expect(
      resolveTarget('198.18.0.1', { allowPrivate: false, allowHosts: ['198.18.0.1'] }),
    ).resolves.toMatchObject({ address: '198.18.0.1' });
  });
});
