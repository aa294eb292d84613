/** Which IP family an address belongs to, from its text. */

/** An IP family, named as a node's or link's `ip` names it. */
export type Family = 'ipv4' | 'ipv6';

/** The family of an address or prefix text (`10.0.0.1`, `fd00::1/64`): only IPv6 texts have colons. */
export function familyOf(address: string): Family {
  return address.includes(':') ? 'ipv6' : 'ipv4';
}
