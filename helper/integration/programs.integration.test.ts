/**
 * Users' eBPF programs on links (samples/extensions/*.bpf.c, compiled by the suite's setup): each shipped
 * program's effect measured on one link between two hosts, changed live without rebuilding the link; a
 * program the loader or the verifier refuses is refused whole with nothing changed; detaching restores
 * the link; a network of the shipped templates with a program starts; an object file the user who runs
 * vnet may not read is refused, never loaded.
 */
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkProgramCounters } from '../../common/protocol/helper.js';
import type { LinkPrograms } from '../../common/topology/index.js';
import { vnetFor } from '../../cli/testing.js';
import { compileBpfObjects } from '../../tools/build/bpf-objects.js';
import type { HelperClient } from '../client.js';
import { SAMPLE_PROGRAMS } from './bundle.js';
import { lostPings, quietLink } from './flow.js';
import {
  BACKEND,
  closeStartedHelpers,
  interfaceIndexes,
  link,
  node,
  refusal,
  runIn,
  startHelper,
  topology,
  waitFor,
} from './harness.js';

const FIXTURES = fileURLToPath(new URL('./programs/', import.meta.url));
const NETWORK = topology({
  name: `programs ${process.pid}`,
  nodes: [node('x'), node('y')],
  // IPv4 only: the counts below are exact, and dual-stack hosts announce themselves over IPv6 now and then.
  links: [{ ...link('x-y', 'x', 'y'), ip: 'ipv4' }],
});

let helper: HelperClient;
let revision: number;
/** Host x's namespace. */
let xSpace: string;

/** The link x-y with these programs, patched into the running network. */
async function setPrograms(programs: LinkPrograms | undefined) {
  const result = await helper.call('network.patch', { revision, links: [{ ...NETWORK.links[0]!, programs }] });
  revision = result.revision;
  return result;
}

/** The programs' counters of the next stats notification that has any. */
function programCounters(client: HelperClient): Promise<Record<string, LinkProgramCounters>> {
  return new Promise((resolve) => {
    const on = (stats: { programs?: Record<string, LinkProgramCounters> }) => {
      if (!stats.programs) return;
      client.off('stats', on);
      resolve(stats.programs);
    };
    client.on('stats', on);
  });
}

const curl = (port: number) =>
  runIn(helper, 'x', ['curl', '-s', '-o', '/dev/null', '--max-time', '2', `http://y:${port}/`]);

beforeAll(async () => {
  compileBpfObjects(FIXTURES);
  helper = startHelper();
  const applied = await helper.call('network.apply', {
    topology: NETWORK,
    backend: BACKEND,
    directory: SAMPLE_PROGRAMS,
  });
  revision = applied.status.revision;
  xSpace = applied.status.hosts.x!.namespace;
  for (const port of [80, 8080])
    await helper.call('process.exec', {
      host: 'y',
      argv: ['python3', '-m', 'http.server', '-b', '0.0.0.0', `${port}`],
    });
  const serving = () => curl(80).then((r) => r.code === 0);
  // Python starting up twice in an emulated guest on a loaded machine: past the default wait.
  expect(await waitFor(serving, 60_000)).toBe(true);
  await helper.call('stats.subscribe', { hz: 10 });
}, 120_000);

afterAll(closeStartedHelpers);

describe('a program on a link', () => {
  it('drop-syn80 refuses new connections to port 80 only: curl fails, ping and port 8080 pass', async () => {
    const before = interfaceIndexes(xSpace);
    const { changed } = await setPrograms({ 'a>b': { file: 'drop-syn80.bpf.o', section: 'tc' } });
    expect(changed).toEqual(['x-y']);
    expect((await curl(80)).code).toBe(28); // curl's "timed out": the SYNs went unanswered
    expect((await curl(8080)).code).toBe(0);
    expect((await runIn(helper, 'x', ['ping', '-c1', '-W2', 'y'])).code).toBe(0);
    expect((await programCounters(helper))['x-y']?.['a>b']?.dropped?.['0']).toBeGreaterThan(0);
    // Changed in place: the link's interfaces are the ones it had.
    expect(interfaceIndexes(xSpace)).toEqual(before);
  });

  it('drop-nth, replacing it, drops every 5th frame of a flow', async () => {
    await setPrograms({ 'a>b': { file: 'drop-nth.bpf.o', section: 'tc' } });
    const y = await quietLink(helper, 'x', 'y');
    expect(await lostPings(helper, 'x', y, 20)).toEqual([5, 10, 15, 20]);
    expect((await programCounters(helper))['x-y']?.['a>b']?.dropped).toEqual({ 0: 4 });
  });

  it('detached, the link passes everything again; count-proto counts each frame of the other way by protocol', async () => {
    await setPrograms({ 'b>a': { file: 'count-proto.bpf.o', section: 'tc' } });
    const y = await quietLink(helper, 'x', 'y');
    expect(await lostPings(helper, 'x', y, 20)).toEqual([]);
    // The link is quiet (no ARP, no IPv6): y sent x its 20 echo replies (ICMP, protocol 1) and nothing else.
    expect((await programCounters(helper))['x-y']).toEqual({ 'b>a': { protocols: { 1: 20 } } });
  });

  it('that the loader or the verifier refuses is refused with its reason, naming the link, and nothing changes', async () => {
    const refused = (file: string, section: string) =>
      refusal(setPrograms({ 'b>a': { file: `${FIXTURES}${file}`, section } })).then((e) => e.message);
    const verifier = await refused('refused.bpf.o', 'tc');
    expect(verifier).toContain(`link x-y (b>a): program: the kernel refused section "tc" of ${FIXTURES}refused.bpf.o`);
    expect(verifier).toMatch(/invalid access to packet[^]*processed \d+ insns/); // the verifier's log, to its end
    expect(await refused('refused.bpf.o', 'xdp')).toContain('holds a program of type xdp: a link takes sched_cls');
    expect(await refused('refused.bpf.o', 'classifier')).toContain(
      'has no section "classifier" (its programs\' sections: "tc", "xdp")',
    );
    expect(await refused('none.bpf.o', 'tc')).toBe(
      `link x-y (b>a): program: cannot read ${FIXTURES}none.bpf.o: No such file or directory`,
    );
    const document = await helper.call('network.get', {});
    expect(document.revision).toBe(revision);
    expect(document.topology.links[0]?.programs).toEqual({ 'b>a': { file: 'count-proto.bpf.o', section: 'tc' } });
    // The running program still counts.
    expect((await runIn(helper, 'x', ['ping', '-c1', '-W2', 'y'])).code).toBe(0);
    expect((await programCounters(helper))['x-y']?.['b>a']?.protocols?.['1']).toBe(21);
  });

  it('runs before the link’s emulation: count-proto counts the frames the link’s loss then drops', async () => {
    const lossy = { ...NETWORK.links[0]!, params: { ...NETWORK.links[0]!.params, lossPercent: 100 } };
    const programs = { 'a>b': { file: 'count-proto.bpf.o', section: 'tc' } };
    revision = (await helper.call('network.patch', { revision, links: [{ ...lossy, programs }] })).revision;
    const y = await quietLink(helper, 'x', 'y');
    expect(await lostPings(helper, 'x', y, 5)).toEqual([1, 2, 3, 4, 5]);
    expect((await programCounters(helper))['x-y']).toEqual({ 'a>b': { protocols: { 1: 5 } } });
  });

  it('rebuilt since it was loaded, is loaded again at the next change of the network', async () => {
    const file = `${mkdtempSync(`${tmpdir()}/vnet-rebuilt-`)}/mine.bpf.o`;
    copyFileSync(`${SAMPLE_PROGRAMS}drop-nth.bpf.o`, file);
    await setPrograms({ 'a>b': { file, section: 'tc' } });
    expect(Object.keys((await programCounters(helper))['x-y']?.['a>b'] ?? {})).toEqual(['frames', 'dropped']);
    copyFileSync(`${SAMPLE_PROGRAMS}count-proto.bpf.o`, file);
    // The same document again: nothing in it changed but the object it names.
    const { changed } = await setPrograms({ 'a>b': { file, section: 'tc' } });
    expect(changed).toEqual(['x-y']);
    expect(Object.keys((await programCounters(helper))['x-y']?.['a>b'] ?? {})).toEqual(['protocols']);
  });
});

describe('a network of the shipped templates with a program', () => {
  const vnet = vnetFor('programs');
  afterAll(() => vnet.run(['down', '--purge']));

  it('starts from the command line, which shows the client’s requests to the web server counted on their link', async () => {
    // vnet up gives the helper the document's folder, where its program is.
    expect(vnet.run(['up', `${SAMPLE_PROGRAMS}web-count-proto.json`])).toMatchObject({ code: 0 });
    const counted = () => /^c1-web +a>b +protocols +.*\b6=[1-9]/m.test(vnet.run(['stats']).stdout);
    expect(await waitFor(counted)).toBe(true);
  });
});

describe('an object file', () => {
  it('is read as the user who runs vnet: one they may not read is refused, naming it, nothing built', async () => {
    const user = startHelper({ SUDO_UID: '65534' });
    const folder = mkdtempSync(`${tmpdir()}/vnet-private-`); // root's alone (0700)
    const file = `${folder}/mine.bpf.o`;
    copyFileSync(`${SAMPLE_PROGRAMS}count-proto.bpf.o`, file);
    const programs = { 'a>b': { file, section: 'tc' } };
    const network = { ...NETWORK, name: `programs ${process.pid} user`, links: [{ ...NETWORK.links[0]!, programs }] };
    const refused = await refusal(user.call('network.apply', { topology: network, backend: BACKEND }));
    expect(refused.message).toBe(`link x-y (a>b): program: cannot read ${file}: Permission denied`);
    expect((await user.call('network.status', {})).state).toBe('stopped');

    chmodSync(folder, 0o755);
    await user.call('network.apply', { topology: network, backend: BACKEND });
    await user.call('stats.subscribe', { hz: 10 });
    expect(Object.keys((await programCounters(user))['x-y']?.['a>b'] ?? {})).toEqual(['protocols']);
    await user.call('network.stop', { purge: true });
  });
});
