/** The service's checks on helper.apply: what reaches the helper, and what is refused, edit after edit. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

describe('helper.apply', () => {
  it('forwards each edit of the drawing, and refuses a broken one with the schema message (the helper checks references)', async () => {
    const { calls, helper } = recordingHelper();
    const service = createService({ files: {} as DocumentStore, helper });
    await service.handle('helper.apply', [{ topology: seed }]);
    const edited = structuredClone(seed);
    edited.links[0].params = { delayMs: 30 };
    await service.handle('helper.apply', [{ topology: edited }]);
    expect(calls.map(([method]) => method)).toEqual(['network.apply', 'network.apply']);
    const forwarded = calls[1]?.[1] as { topology: { links: { params: { delayMs?: number } }[] } };
    expect(forwarded.topology.links[0]?.params.delayMs).toBe(30);

    const negative = structuredClone(edited);
    negative.links[0].params = { delayMs: -1 };
    await expect(service.handle('helper.apply', [{ topology: negative }])).rejects.toThrow(
      /^helper\.apply: invalid argument 1 topology\.links\[0\]\.params\.delayMs: /,
    );
    expect(calls).toHaveLength(2);
  });

  it('refuses a call that is not one params object', async () => {
    const { calls, helper } = recordingHelper();
    const service = createService({ files: {} as DocumentStore, helper });
    await expect(service.handle('helper.apply', [])).rejects.toThrow(/^helper\.apply: invalid/);
    await expect(service.handle('helper.apply', [{ topology: seed }, 1])).rejects.toThrow(/^helper\.apply: invalid/);
    expect(calls).toEqual([]);
  });
});
