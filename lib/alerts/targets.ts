import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";

/** Instance metadata services: refused even when private targets are allowed (no receiver lives there). */
const metadata = new BlockList();
metadata.addAddress("169.254.169.254");
metadata.addAddress("169.254.170.2"); // ECS task metadata
metadata.addAddress("100.100.100.200"); // Alibaba
metadata.addAddress("fd00:ec2::254", "ipv6");

/** Loopback, link-local, private, shared and reserved ranges: refused unless LAMBDALENS_ALLOW_PRIVATE_TARGETS=1. */
const privateRanges = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24],
  ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) privateRanges.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) privateRanges.addSubnet(net, bits, "ipv6");

/** Why an address may not be a target, or null when it may. */
export function addressProblem(address: string, allowPrivate: boolean): string | null {
  let a = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1];
  const family = isIP(a) === 6 ? "ipv6" : "ipv4";
  if (metadata.check(a, family)) return `${address} is a cloud metadata address`;
  if (!allowPrivate && privateRanges.check(a, family)) return `${address} is a loopback, link-local or private address; set LAMBDALENS_ALLOW_PRIVATE_TARGETS=1 to allow it`;
  return null;
}

/** At save time: a host that is an address (or localhost) is checked at once; names are checked when resolved, at each send. */
export function literalTargetProblem(host: string, allowPrivate: boolean): string | null {
  const h = host.replace(/^\[|\]$/g, "");
  if (isIP(h)) return addressProblem(h, allowPrivate);
  if (/^localhost\.?$/i.test(h) || /\.localhost\.?$/i.test(h)) return addressProblem("127.0.0.1", allowPrivate);
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(h)) return `'${host}' is not a host name`;
  return null;
}

export class TargetRefused extends Error {}

/**
 * A dns.lookup for http.request and net.connect that refuses forbidden addresses after
 * resolving, so a name that resolves (or rebinds) to one is never connected to.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const problem = addressProblem(a.address, allowPrivate);
        if (problem) return callback(new TargetRefused(`${hostname}: ${problem}`), "");
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** The first address a host resolves to, checked; for clients (SMTP) that resolve on their own. */
export function resolveTarget(host: string, allowPrivate: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    guardedLookup(allowPrivate)(host.replace(/^\[|\]$/g, ""), {}, (err, address) => (err ? reject(err) : resolve(address as string)));
  });
}
