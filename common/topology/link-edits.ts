/**
 * A link as an edit leaves it: its parameters changed (both directions or
 * one) or its cable cut or connected. The command line, scenarios and the
 * designer change links through these, so a cut link is written one way.
 */
import type { Direction } from './link-params.js';
import type { LinkParams } from './link-params-schema.js';
import type { TopologyLink } from './schema.js';

/**
 * The link with `changes` in force: in one direction's overrides, or in `params` for both, where
 * they also replace what either direction overrode (so the value set is the one both directions get).
 */
export function withParams(link: TopologyLink, changes: Partial<LinkParams>, direction?: Direction): TopologyLink {
  if (direction)
    return {
      ...link,
      directions: { ...link.directions, [direction]: { ...link.directions?.[direction], ...changes } },
    };
  const directions = Object.fromEntries(
    Object.entries(link.directions ?? {}).map(([dir, override]) => [
      dir,
      Object.fromEntries(Object.entries(override ?? {}).filter(([field]) => !(field in changes))),
    ]),
  );
  return { ...link, params: { ...link.params, ...changes }, directions };
}

/** The link with its cable connected (`up` left out, the default) or cut (`up: false`). */
export function withState(link: TopologyLink, up: boolean): TopologyLink {
  const { up: _, ...rest } = link;
  return up ? rest : { ...rest, up: false };
}
