import { execFileSync } from 'node:child_process';
import { fstatSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBpfObjects } from '../tools/build/bpf-objects.js';
import {
  closeBpfProgram,
  createNamespaces,
  deleteNamespaces,
  loadBpfProgram,
  readBpfMap,
  setTcProgram,
} from './index.js';
import { runIn, uniqueName } from './integration-helpers.js';

const SAMPLES = fileURLToPath(new URL('../samples/extensions/', import.meta.url));
/** Programs the loader must refuse (helper/integration/programs/refused.bpf.c). */
const REFUSED = fileURLToPath(new URL('../helper/integration/programs/', import.meta.url));
const [a, b] = [uniqueName('prog-a'), uniqueName('prog-b')];
/** The section of the object at path, its bytes read here (the helper reads them as the user). */
const load = (path: string, section: string) => loadBpfProgram(path, readFileSync(path), section);

beforeAll(async () => {
  compileBpfObjects(SAMPLES);
  compileBpfObjects(REFUSED);
  await createNamespaces([a, b]);
  const ip = (...args: string[]) => execFileSync('ip', args);
  ip('-n', a, 'link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1', 'netns', b);
  for (const [ns, dev, address] of [
    [a, 'p0', '10.9.0.1/24'],
    [b, 'p1', '10.9.0.2/24'],
  ] as const) {
    ip('-n', ns, 'addr', 'add', address, 'dev', dev);
    ip('-n', ns, 'link', 'set', dev, 'up');
  }
});

afterAll(() => deleteNamespaces([a, b]));

const ping = (count: number) => runIn(a, ['ping', '-c', String(count), '-i', '0.01', '-W', '1', '10.9.0.2']);

describe('link programs', () => {
  it('load one section with its maps, count on a tc hook, stop counting once detached, and close', async () => {
    const program = load(`${SAMPLES}count-proto.bpf.o`, 'tc');
    const [map] = program.maps;
    expect(program.maps).toEqual([
      { name: 'protocols', type: 'percpuHash', keySize: 4, valueSize: 8, maxEntries: 64, fd: expect.any(Number) },
    ]);
    setTcProgram(a, 'p0', 'egress', 1, program);
    expect((await ping(3)).code).toBe(0);
    expect(readBpfMap(map!, 16).get(1)).toBe(3); // the echo requests p0 sent
    setTcProgram(a, 'p0', 'egress', 1, null);
    expect((await ping(2)).code).toBe(0);
    expect(readBpfMap(map!, 16).get(1)).toBe(3);
    closeBpfProgram(program);
    expect(() => fstatSync(program.fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it("refuse what the verifier refuses with the verifier's log to its end, and a program of another type", () => {
    expect(() => load(`${REFUSED}refused.bpf.o`, 'tc')).toThrow(
      expect.objectContaining({
        code: 'EACCES',
        message: expect.stringMatching(
          /^the kernel refused section "tc" of .*\n[^]*invalid access to packet[^]*processed/,
        ),
      }),
    );
    expect(() => load(`${REFUSED}refused.bpf.o`, 'xdp')).toThrow('holds a program of type xdp');
  });

  it('refuse a section the object lacks and a file that is not an object, saying which', () => {
    expect(() => load(`${SAMPLES}drop-nth.bpf.o`, 'xdp')).toThrow(
      `${SAMPLES}drop-nth.bpf.o has no section "xdp" (its programs' sections: "tc")`,
    );
    expect(() => load(`${SAMPLES}drop-nth.bpf.c`, 'tc')).toThrow(
      expect.objectContaining({
        code: 'ENOEXEC',
        message: expect.stringContaining('cannot open it as an eBPF object'),
      }),
    );
  });
});
