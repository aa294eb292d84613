/**
 * The designer's captures in the main process (app/main/captures.ts) over a real helper: a capture
 * belongs to the view that started it, "Open in Wireshark" pipes it live (here to tcpdump, through
 * VNET_WIRESHARK), and a view that goes stops its captures in the helper.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Captures } from '../../app/main/captures.js';
import { launchHelper } from '../../app/main/helper-launch.js';
import { HelperSupervisor } from '../../app/main/helper-supervisor.js';
import type { AppPaths } from '../../app/main/resources.js';
import { wiresharkSupport } from '../../app/main/wireshark.js';
import { TEST_HELPER_BUNDLE } from './bundle.js';
import { link, node, topology } from './harness.js';

const helperBundle = fileURLToPath(new URL(`../../${TEST_HELPER_BUNDLE}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vnet-designer-capture-'));
const supervisor = new HelperSupervisor(() => launchHelper({ helperBundle } as AppPaths));

afterAll(async () => {
  await supervisor.call('network.stop', {}).catch(() => undefined);
  await supervisor.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf((process.env.VNET_BACKEND ?? 'netns') === 'netns')('captures of the designer', () => {
  it('go to the view that started them, pipe to "Wireshark", and stop when their view goes', async () => {
    const network = topology({
      nodes: [node('d1'), node('d2'), node('ds', 'switch')],
      links: [link('d1-ds', 'd1', 'ds'), link('d2-ds', 'd2', 'ds')],
    });
    await supervisor.call('network.apply', { topology: network, backend: 'netns' });
    const captures = new Captures(supervisor);
    const tab = {};
    const otherTab = {};
    const { capture } = await captures.start(tab, { targets: ['d1-ds'], filter: 'icmp' });
    expect(captures.viewOf('capture.packets', { capture, packets: [], lost: 0 })).toBe(tab);
    expect(captures.viewOf('stats', {})).toBeUndefined();
    await expect(captures.stop(otherTab, capture)).rejects.toThrow(`Capture ${capture} is not running in this window`);

    const file = join(dir, 'piped.pcap');
    const env = { ...process.env, VNET_WIRESHARK: `tcpdump -n -r - -w ${file}` };
    expect(wiresharkSupport(env)).toEqual({ available: true });
    expect(wiresharkSupport({ ...env, VNET_WIRESHARK: '', PATH: dir }).reason).toBe(
      'Wireshark is not installed (no "wireshark" on PATH): install it to open captures live',
    );
    process.env.VNET_WIRESHARK = env.VNET_WIRESHARK;
    const pipe = captures.openInWireshark(tab, capture);
    delete process.env.VNET_WIRESHARK;
    const [outcome] = await supervisor.call('checks.run', { checks: [{ kind: 'reachable', from: 'd1', to: 'd2' }] });
    expect(outcome?.ok).toBe(true);

    await captures.closeView(tab);
    expect(await pipe.exited()).toBe(0);
    const read = execFileSync('tcpdump', ['-n', '-r', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(read).toMatch(/ICMP echo request/);
    expect(read).toMatch(/ICMP echo reply/);
    // The helper no longer has it: its view went.
    await expect(supervisor.call('capture.stop', { capture })).rejects.toThrow();
  });
});
