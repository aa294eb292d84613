/**
 * Packet capture from the designer, on the seed sample (hosts a, b, c on
 * switch lan) against the real helper over netns: a link captured from its
 * context menu, a ping across it seen with its summaries, a packet's fields
 * and bytes, the display filter, Save as pcapng (the file read back), and
 * "Open in Wireshark" disabled where Wireshark is absent.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrame } from '../common/capture/decode.js';
import { readPcapng } from '../common/capture/pcapng.js';
import { answerPath, openDesigner, openSample, WORK_DIR } from './designer.js';

async function rightClickLink(page: Page, link: string): Promise<void> {
  const box = await page.getByTestId(`edge-${link}`).boundingBox();
  if (!box) throw new Error(`link ${link} is not visible`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  await expect(page.getByTestId('context-menu-link')).toBeVisible();
}

const wiresharkInstalled = () => {
  try {
    execFileSync('sh', ['-c', 'command -v wireshark'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test('a link captured from its menu shows the ping across it, decoded, and saves as pcapng', async ({ page }) => {
  await openDesigner(page);
  await openSample(page, 'seed');
  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });

  await rightClickLink(page, 'a-lan');
  // The switch's end has no interface: only host a's side is offered.
  await expect(page.getByTestId('menu-captureSideB')).toHaveCount(0);
  await expect(page.getByTestId('menu-captureSideA')).toHaveText('Capture at a (side a)');
  await page.getByTestId('menu-captureSideA').click();
  await expect(page.getByTestId('capture-badge-a-lan-a')).toBeVisible();
  await expect(page.getByTestId('packets-panel')).toBeVisible();
  await expect(page.getByTestId('capture-status')).toContainText('Capturing a-lan at a');

  await page.getByTestId('node-a').dblclick();
  const terminal = page.getByTestId(/^terminal-\d+$/);
  await terminal.click();
  await page.keyboard.type('ping -c 3 -i 0.2 b\n');
  await expect(terminal.locator('.xterm-rows')).toContainText('3 received', { timeout: 15_000 });

  await page.getByTestId('packets-tab').click();
  await page.getByTestId('packet-filter').fill('icmp');
  const rows = page.getByTestId('packet-list').getByRole('row');
  await expect(rows).toHaveCount(6);
  await expect(rows.filter({ hasText: /Echo \(ping\) request id=0x[0-9a-f]{4} seq=1 ttl=64/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: /Echo \(ping\) reply id=0x[0-9a-f]{4} seq=3/ })).toHaveCount(1);
  await page.getByTestId('packet-filter').fill('icmp or http');
  await expect(page.getByTestId('packet-filter-error')).toContainText('unknown word "http"');
  await page.getByTestId('packet-filter').fill('icmp');

  await rows.filter({ hasText: 'seq=2' }).first().click();
  await expect(page.getByTestId('packet-fields')).toContainText('Internet Control Message Protocol');
  await expect(page.getByTestId('packet-fields')).toContainText('Sequence number: 2');
  // 0x0800 (IPv4) at bytes 12-13 of the first line of the dump.
  await expect(page.getByTestId('packet-bytes')).toContainText(/^0000 {2}(\S\S ){12}08 00/);

  const wireshark = page.getByTestId('capture-wireshark');
  if (!wiresharkInstalled()) {
    await expect(wireshark).toBeDisabled();
    await expect(wireshark).toHaveAttribute('title', /Wireshark is not installed/);
  }

  const file = join(WORK_DIR, 'ping.pcapng');
  await page.getByTestId('capture-save').click();
  await answerPath(page, file);
  await expect.poll(() => existsSync(file)).toBe(true);
  const saved = readPcapng(readFileSync(file));
  expect(saved.interfaces.map((i) => i.name)).toEqual(['a-lan']);
  const summaries = saved.packets.map((p) => decodeFrame(p.data).summary);
  expect(summaries.filter((s) => s.startsWith('Echo (ping) request'))).toHaveLength(3);
  expect(summaries.filter((s) => s.startsWith('Echo (ping) reply'))).toHaveLength(3);

  await rightClickLink(page, 'a-lan');
  await page.getByTestId('menu-stopCapture').click();
  await expect(page.getByTestId('capture-badge-a-lan-a')).toHaveCount(0);
  await expect(page.getByTestId('capture-status')).toContainText('Not capturing');

  await page.getByTestId('btn-stop').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
});
