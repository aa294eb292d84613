/** The service's checks on network.apply: what reaches the helper, and what is refused, edit after edit. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Captures } from './captures.js';
import type { DocumentStore } from './files.js';
import type { HelperSupervisor } from './helper-supervisor.js';
import { createService } from './service.js';

const seed = JSON.parse(readFileSync(new URL('../../samples/seed.json', import.meta.url), 'utf8'));

/** Records what would go to the helper process. */
function recordingHelper() {
  const calls: [string, unknown][] = [];
  const helper = {
    call: async (method: string, params: unknown) => {
      calls.push([method, params]);
      return {};
    },
  } as unknown as HelperSupervisor;
  return { calls, helper };
}

describe('network.apply', () => {
  it("forwards each edit of the drawing under the helper's own name, leaving the document to the helper to check", async () => {
    const { calls, helper } = recordingHelper();
    const service = createService({ files: {} as DocumentStore, helper, captures: {} as Captures });
    await service.handle('network.apply', [{ topology: seed }]);
    const edited = structuredClone(seed);
    edited.links[0].params = { delayMs: 30 };
    await service.handle('network.apply', [{ topology: edited }]);
    expect(calls.map(([method]) => method)).toEqual(['network.apply', 'network.apply']);
    const forwarded = calls[1]?.[1] as { topology: { links: { params: { delayMs?: number } }[] } };
    expect(forwarded.topology.links[0]?.params.delayMs).toBe(30);

    // The designer checked it as it was typed and the helper checks it again: a third check here would add nothing.
    const negative = structuredClone(edited);
    negative.links[0].params = { delayMs: -1 };
    await service.handle('network.apply', [{ topology: negative }]);
    expect(calls).toHaveLength(3);
  });

  it('refuses a call that is not one params object', async () => {
    const { calls, helper } = recordingHelper();
    const service = createService({ files: {} as DocumentStore, helper, captures: {} as Captures });
    await expect(service.handle('network.apply', [])).rejects.toThrow(/^network\.apply: invalid/);
    await expect(service.handle('network.apply', [{ topology: seed }, 1])).rejects.toThrow(/^network\.apply: invalid/);
    expect(calls).toEqual([]);
  });
});

describe('files.saveBytes', () => {
  it('writes the bytes given in base64, and refuses what is not base64 or not an absolute path', async () => {
    const { helper } = recordingHelper();
    const service = createService({ files: {} as DocumentStore, helper, captures: {} as Captures });
    const dir = mkdtempSync(join(tmpdir(), 'vnet-bytes-'));
    const path = join(dir, 'capture.pcapng');
    expect(await service.handle('files.saveBytes', [path, Buffer.from([0, 1, 254, 255]).toString('base64')])).toBe(
      path,
    );
    expect([...readFileSync(path)]).toEqual([0, 1, 254, 255]);
    await expect(service.handle('files.saveBytes', [path, 'not base64!'])).rejects.toThrow(
      'files.saveBytes: invalid argument 2: must be base64',
    );
    await expect(service.handle('files.saveBytes', ['capture.pcapng', ''])).rejects.toThrow(
      'files.saveBytes: invalid argument 1: must be an absolute path',
    );
    await expect(service.handle('files.saveBytes', [join(dir, 'no', 'c.pcapng'), ''])).rejects.toThrow(
      `Cannot save ${join(dir, 'no', 'c.pcapng')}: its folder does not exist`,
    );
    rmSync(dir, { recursive: true });
  });
});
