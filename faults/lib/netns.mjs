import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = (...args) => run('ip', args);

/**
 * Separate hosts on one machine: one network namespace per host, each linked to the root namespace
 * by its own veth pair on a /30 of 10.213.x.0. A host reaches the root namespace (where this suite,
 * Redis and the database listen) at its `gateway`, and is reached at its `address`; hosts do not see
 * each other's loopback. Cutting a host takes its link down: its TCP connections go silent, as when
 * a machine drops off the network (no reset, no close). Needs root (`ip netns`, iproute2).
 */
export async function createHosts(names) {
  // A random block, so two suites on one machine never collide.
  const base = Math.floor(Math.random() * 200) * 64;
  const hosts = {};
  const created = [];
  const remove = async () => {
    for (const host of created.reverse()) {
      await ip('link', 'del', host.veth).catch(() => undefined);
      await ip('netns', 'del', host.ns).catch(() => undefined);
    }
  };
  try {
    for (const [index, name] of names.entries()) {
      const block = base + index * 4;
      const octets = (n) => `10.213.${Math.floor(n / 256)}.${n % 256}`;
      const tag = `${process.pid.toString(36)}${index}`;
      const host = {
        name,
        ns: `sf-${tag}`,
        veth: `sfh-${tag}`,
        peer: `sfn-${tag}`,
        gateway: octets(block + 1),
        address: octets(block + 2),
      };
      await ip('netns', 'add', host.ns);
      created.push(host);
      await ip('link', 'add', host.veth, 'type', 'veth', 'peer', 'name', host.peer);
      await ip('link', 'set', host.peer, 'netns', host.ns);
      await ip('addr', 'add', `${host.gateway}/30`, 'dev', host.veth);
      await ip('link', 'set', host.veth, 'up');
      await ip('netns', 'exec', host.ns, 'ip', 'addr', 'add', `${host.address}/30`, 'dev', host.peer);
      await ip('netns', 'exec', host.ns, 'ip', 'link', 'set', host.peer, 'up');
      await ip('netns', 'exec', host.ns, 'ip', 'link', 'set', 'lo', 'up');
      hosts[name] = host;
    }
  } catch (err) {
    await remove();
    throw new Error(`could not create network namespaces (root and iproute2 needed): ${err.message}`);
  }
  return {
    hosts,
    /** The root-namespace addresses Redis (and the database) must listen on for the hosts to reach them. */
    gateways: Object.values(hosts).map((h) => h.gateway),
    /** Takes a host off the network. */
    cut: (name) => ip('link', 'set', hosts[name].veth, 'down'),
    remove,
  };
}
