/** The service's checks on network.apply: what reaches the helper, and what is refused, edit after edit. */
import { readFileSync } from 'node:fs';
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
