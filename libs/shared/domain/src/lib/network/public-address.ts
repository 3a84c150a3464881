/**
 * Which IP addresses are public unicast: reachable on the internet and not a special range of the
 * IANA special-purpose registries (RFC 6890 and successors). Anything the API connects to on a
 * customer's behalf (webhooks) must be public, or the API becomes a probe of its own network.
 * Pure: the API checks resolved addresses with it, and the table in the spec documents the rules.
 */

type V4 = readonly [number, number, number, number];

interface V4Range {
  base: V4;
  bits: number;
  name: string;
}

/** Every IPv4 range that is not public unicast, with the reason in words. */
const IPV4_SPECIAL: readonly V4Range[] = [
  { base: [0, 0, 0, 0], bits: 8, name: 'this network (0.0.0.0/8)' },
  { base: [10, 0, 0, 0], bits: 8, name: 'private (10.0.0.0/8)' },
  { base: [100, 64, 0, 0], bits: 10, name: 'carrier-grade NAT (100.64.0.0/10)' },
  { base: [127, 0, 0, 0], bits: 8, name: 'loopback (127.0.0.0/8)' },
  { base: [169, 254, 0, 0], bits: 16, name: 'link-local (169.254.0.0/16)' },
  { base: [172, 16, 0, 0], bits: 12, name: 'private (172.16.0.0/12)' },
  { base: [192, 0, 0, 0], bits: 24, name: 'IETF protocol assignments (192.0.0.0/24)' },
  { base: [192, 0, 2, 0], bits: 24, name: 'documentation (192.0.2.0/24)' },
  { base: [192, 88, 99, 0], bits: 24, name: '6to4 relay (192.88.99.0/24)' },
  { base: [192, 168, 0, 0], bits: 16, name: 'private (192.168.0.0/16)' },
  { base: [198, 18, 0, 0], bits: 15, name: 'benchmarking (198.18.0.0/15)' },
  { base: [198, 51, 100, 0], bits: 24, name: 'documentation (198.51.100.0/24)' },
  { base: [203, 0, 113, 0], bits: 24, name: 'documentation (203.0.113.0/24)' },
  { base: [224, 0, 0, 0], bits: 4, name: 'multicast (224.0.0.0/4)' },
  { base: [240, 0, 0, 0], bits: 4, name: 'reserved or broadcast (240.0.0.0/4)' },
];

function parseIpv4(text: string): V4 | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  // Leading zeros are refused: some parsers read them as octal, so their meaning is ambiguous.
  if (parts.some((p, i) => p > 255 || (match[i + 1].length > 1 && match[i + 1].startsWith('0')))) return null;
  return parts as unknown as V4;
}

function toUint32(v4: V4): number {
  return ((v4[0] << 24) | (v4[1] << 16) | (v4[2] << 8) | v4[3]) >>> 0;
}

function ipv4Range(v4: V4): string | null {
  const value = toUint32(v4);
  for (const range of IPV4_SPECIAL) {
    const mask = range.bits === 0 ? 0 : (~0 << (32 - range.bits)) >>> 0;
    if ((value & mask) >>> 0 === (toUint32(range.base) & mask) >>> 0) return range.name;
  }
  return null;
}

/** Eight 16-bit groups, or null when the text is not an IPv6 address (a zone `%eth0` is ignored). */
function parseIpv6(text: string): number[] | null {
  const address = text.split('%')[0].toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(address) || !address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  // The embedded IPv4 form only belongs at the end.
  if (halves[0].includes('.')) return null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function embeddedIpv4(groups: number[]): V4 {
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff];
}

function ipv6Range(groups: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5] = groups;
  const zeroUpTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (groups.every((g) => g === 0)) return 'unspecified (::)';
  if (zeroUpTo(7) && groups[7] === 1) return 'loopback (::1)';
  // IPv4-mapped: the connection goes to the IPv4 address, so that address decides.
  if (zeroUpTo(5) && g5 === 0xffff) {
    const range = ipv4Range(embeddedIpv4(groups));
    return range ? `IPv4-mapped ${range}` : null;
  }
  // IPv4-compatible (deprecated, RFC 4291): no legitimate use, and ::7f00:1 is 127.0.0.1.
  if (zeroUpTo(6)) return 'IPv4-compatible (::/96)';
  // NAT64 well-known prefix: a translator forwards to the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    const range = ipv4Range(embeddedIpv4(groups));
    return range ? `NAT64 ${range}` : null;
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'local-use NAT64 (64:ff9b:1::/48)';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'discard-only (100::/64)';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local (fc00::/7)';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local (fec0::/10)';
  if ((g0 & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation (2001:db8::/32)';
  if ((g0 & 0xfff0) === 0x3ff0) return 'documentation (3fff::/20)';
  // Teredo, ORCHID, benchmarking and the other IETF assignments; 6to4 embeds an IPv4 address.
  if (g0 === 0x2001 && g1 < 0x0200) return 'IETF protocol assignments (2001::/23)';
  if (g0 === 0x2002) return '6to4 (2002::/16)';
  if (g0 === 0x5f00) return 'segment routing (5f00::/16)';
  // Only 2000::/3 is allocated as global unicast; everything else is reserved.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved (outside 2000::/3)';
  return null;
}

/**
 * The special range an address belongs to, in words (`loopback (127.0.0.0/8)`), or null when it
 * is public unicast. Text that is not an IPv4 or IPv6 address is never public.
 */
export function nonPublicAddressRange(address: string): string | null {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIpv4(text);
  if (v4) return ipv4Range(v4);
  const v6 = parseIpv6(text);
  if (v6) return ipv6Range(v6);
  return 'not an IP address';
}

export function isPublicAddress(address: string): boolean {
  return nonPublicAddressRange(address) === null;
}

/** Whether the text is an IP address literal (IPv6 with or without brackets), not a host name. */
export function isIpAddress(text: string): boolean {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return parseIpv4(bare) !== null || parseIpv6(bare) !== null;
}

/** Loopback in either family (127.0.0.0/8, ::1, and 127/8 mapped into IPv6). */
export function isLoopbackAddress(address: string): boolean {
  const range = nonPublicAddressRange(address);
  return range !== null && /^(IPv4-mapped )?loopback/.test(range);
}
