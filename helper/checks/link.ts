/**
 * link: the running document's link, as the check's parameters are typed
 * (common/units reads "50ms" into delayMs), both directions compared.
 */
import type { Check, CheckOutcome } from '../../common/checks/schema.js';
import { DIRECTIONS, directionParams, isLinkUp, LINK_PARAMS } from '../../common/topology/link-params.js';
import type { TopologyLink } from '../../common/topology/schema.js';
import { formatLinkParam, parseLinkParamAssignment } from '../../common/units/units.js';

/** `heldDown`: an end has crashed, so the cable carries nothing whatever the document says. */
export function linkOutcome(
  check: Extract<Check, { kind: 'link' }>,
  link: TopologyLink,
  heldDown: boolean,
): CheckOutcome {
  const up = isLinkUp(link) && !heldDown;
  const state = isLinkUp(link) ? (heldDown ? 'up, but an end has crashed' : 'up') : 'cut';
  let ok = check.up === undefined || check.up === up;
  const seen = check.up === undefined ? [] : [state];
  for (const [name, text] of Object.entries(check.params ?? {})) {
    const wanted = parseLinkParamAssignment(name, String(text));
    if (!wanted.ok) return { ok: false, seen: wanted.error }; // The schema has refused this already.
    const field = wanted.field;
    const spec = LINK_PARAMS.find((p) => p.field === field);
    if (!spec) continue;
    const values = DIRECTIONS.map((direction) => directionParams(link, direction)[spec.field]);
    ok &&= values.every((value) => value === wanted.value);
    const [ab = 0, ba = 0] = values;
    seen.push(
      ab === ba
        ? `${spec.name}=${formatLinkParam(spec, ab)}`
        : `${spec.name}=${formatLinkParam(spec, ab)} a>b, ${formatLinkParam(spec, ba)} b>a`,
    );
  }
  return { ok, seen: seen.join(', ') };
}
