/** node.routes: a router's live tables, daemons and neighbours, and what it refuses. */
import { afterEach, describe, expect, it } from 'vitest';
import { RPC_ERRORS, type NodeRouting } from '../../common/protocol/helper.js';
import { apply, closeStartedHelpers, refusal, sample, startHelper, waitFor } from './harness.js';

afterEach(closeStartedHelpers);

/** The ring under a name of its own: its directory is not that of another suite's ring running meanwhile. */
const ring = () => ({ ...sample('ospf-ring'), name: 'node-routes-ring' });

describe('node.routes', () => {
  it('shows OSPF routes of both families and Full neighbours on a ring, and the table change a cut makes', async () => {
    const helper = startHelper();
    expect((await refusal(helper.call('node.routes', { node: 'r1' }))).code).toBe(RPC_ERRORS.notRunning);
    const { status } = await apply(helper, ring());
    let seen: NodeRouting | undefined;
    const read = async () => (seen = await helper.call('node.routes', { node: 'r1' }));
    const ospf = (routing: NodeRouting, family: 4 | 6) =>
      routing.routes.filter((r) => r.family === family && r.protocol === 'ospf');
    const full = (routing: NodeRouting, protocol: string) =>
      routing.neighbours.filter((n) => n.protocol === protocol && n.state.startsWith('Full'));
    const converged = async () => {
      const routing = await read();
      return ospf(routing, 4).length > 0 && ospf(routing, 6).length > 0 && full(routing, 'ospf6').length === 2;
    };
    expect(await waitFor(converged, 30_000), 'r1 has OSPF routes of both families and two Full OSPFv3 neighbours').toBe(
      true,
    );
    expect(await waitFor(async () => full(await read(), 'ospf').length === 2, 30_000)).toBe(true);
    const routing = seen!;
    expect(routing.daemons.map((d) => [d.name, d.running])).toEqual([
      ['zebra', true],
      ['ospfd', true],
      ['ospf6d', true],
    ]);
    expect(ospf(routing, 6)[0]!.via).toMatch(/^fe80:/);
    expect(routing.routes.some((r) => r.destination === 'fe80::/64')).toBe(false);
    const r1r2 = status.hosts.r1!.interfaces.find((i) => i.linkId === 'r1-r2')!.name;
    expect(full(routing, 'ospf').map((n) => n.interface)).toContain(r1r2);

    // Cut r1's link to r2: its neighbour there goes, and no route leaves by that interface but its own subnet's.
    const cut = ring();
    await apply(helper, { ...cut, links: cut.links.map((l) => (l.id === 'r1-r2' ? { ...l, up: false } : l)) });
    const rerouted = async () => {
      const now = await read();
      return (
        full(now, 'ospf').length === 1 &&
        full(now, 'ospf6').length === 1 &&
        !now.routes.some((r) => r.protocol === 'ospf' && r.device === r1r2)
      );
    };
    expect(await waitFor(rerouted, 30_000), 'r1 routes around the cut').toBe(true);
  });

  it('names what is not a router, and what the network has not', async () => {
    const helper = startHelper();
    await apply(helper, ring());
    const host = await refusal(helper.call('node.routes', { node: 'h1' }));
    expect([host.code, host.message]).toEqual([
      RPC_ERRORS.invalidParams,
      'h1 is a host, not a router: only routers have routes to show',
    ]);
    const unknown = await refusal(helper.call('node.routes', { node: 'r9' }));
    expect([unknown.code, unknown.message]).toEqual([RPC_ERRORS.noSuchHost, 'no node "r9" in the running network']);
  });
});
