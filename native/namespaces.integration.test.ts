import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createNamespaces, deleteNamespaces } from './index.js';
import { ipNetnsList, uniqueName } from './integration-helpers.js';

const made: string[] = [];

function names(label: string, count: number): string[] {
  const list = Array.from({ length: count }, (_, i) => uniqueName(`${label}${i}`));
  made.push(...list);
  return list;
}

afterAll(async () => {
  await deleteNamespaces(made);
});

describe('createNamespaces / deleteNamespaces', () => {
  it('creates namespaces that ip netns lists and runs commands in, and deletes them', async () => {
    const hosts = names('h', 3);
    await createNamespaces(hosts);
    expect(ipNetnsList()).toEqual(expect.arrayContaining(hosts));
    const links = execFileSync('ip', ['-n', hosts[1] ?? '', '-o', 'link'], { encoding: 'utf8' });
    expect(links.trim().split('\n')).toEqual([expect.stringMatching(/^1: lo:/)]);

    await deleteNamespaces(hosts);
    expect(ipNetnsList().filter((name) => hosts.includes(name))).toEqual([]);
  });

  it('gives each name its own network stack', async () => {
    const [a, b] = names('own', 2);
    await createNamespaces([a ?? '', b ?? '']);
    execFileSync('ip', ['-n', a ?? '', 'link', 'add', 'probe0', 'type', 'veth', 'peer', 'name', 'probe1']);
    expect(execFileSync('ip', ['-n', a ?? '', '-o', 'link'], { encoding: 'utf8' })).toContain('probe0');
    expect(execFileSync('ip', ['-n', b ?? '', '-o', 'link'], { encoding: 'utf8' })).not.toContain('probe0');
  });

  it('does not treat deleting a missing namespace as an error', async () => {
    await expect(deleteNamespaces([uniqueName('never-made')])).resolves.toBeUndefined();
  });

  it('refuses an invalid name before creating anything', async () => {
    const [first, last] = names('bad', 2);
    const attempt = createNamespaces([first ?? '', 'vnet-../etc', last ?? '']);
    await expect(attempt).rejects.toThrow(/"vnet-\.\.\/etc" is not a valid namespace name/);
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(ipNetnsList().filter((name) => name === first || name === last)).toEqual([]);
  });

  it('is all or nothing: a name that exists in the middle undoes the ones created before it', async () => {
    const [before, taken, after] = names('aon', 3);
    execFileSync('ip', ['netns', 'add', taken ?? '']);
    const attempt = createNamespaces([before ?? '', taken ?? '', after ?? '']);
    await expect(attempt).rejects.toMatchObject({
      code: 'EEXIST',
      message: `namespace "${taken}": create /run/netns/${taken}: File exists`,
    });
    const listed = ipNetnsList();
    expect(listed).not.toContain(before);
    expect(listed).not.toContain(after);
    expect(listed).toContain(taken); // not ours to remove
  });

  it('creates many namespaces in one call', async () => {
    const many = names('m', 100);
    await createNamespaces(many);
    expect(ipNetnsList().filter((name) => many.includes(name)).length).toBe(100);
    await deleteNamespaces(many);
    expect(ipNetnsList().filter((name) => many.includes(name))).toEqual([]);
  }, 90_000); // a loaded emulated guest (the VM harness) needs far longer than a host
});
