/**
 * The main flow, with the mouse: draw two hosts on a switch, set a link
 * delay, start the network, work in a terminal on a host, watch counters
 * rise, stop. Runs against the real helper with the netns backend.
 */
import { expect, test } from '@playwright/test';
import { connect, dropFromPalette, nodeName, openDesigner, screenshot } from './designer.js';

test.describe('a network drawn with the mouse', () => {
  test.describe.configure({ mode: 'serial' });

  test('is drawn, started, used from a terminal and stopped', async ({ page }) => {
    await openDesigner(page);
    await page.getByTestId('btn-new-empty').click();

    const left = await dropFromPalette(page, 'host', 250, 150);
    const right = await dropFromPalette(page, 'host', 650, 150);
    const lan = await dropFromPalette(page, 'switch', 450, 400);
    await connect(page, left, lan);
    await connect(page, right, lan);
    await expect(page.locator('[data-testid^="edge-"]:not([data-testid^="edge-label-"])')).toHaveCount(2);

    // A link delay: the stock-kernel backend on this host has no netem, and says so instead of pretending.
    const link = page.locator('[data-testid^="edge-label-"]').first();
    await link.click();
    await expect(page.getByTestId('properties')).toBeVisible();
    await page.getByTestId('prop-delay').fill('20');
    await page.getByTestId('prop-delay').press('Enter');
    await expect(page.getByTestId('prop-unsupported')).toContainText('not supported by this kernel');
    await expect(page.getByTestId('prop-unsupported')).toContainText('delay');
    await screenshot(page, 'draw-network');
    // Back to no delay, so the network below can start on this kernel.
    await page.getByTestId('prop-delay').fill('0');
    await page.getByTestId('prop-delay').press('Enter');

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await expect(page.getByTestId('backend-name')).toHaveText('netns');

    await page.getByTestId(`node-${left}`).dblclick();
    const terminal = page
      .locator(
        '[data-testid^="terminal-"]:not([data-testid^="terminal-tab-"]):not([data-testid^="terminal-close-"]):not([data-testid="terminal-dock"])',
      )
      .filter({ has: page.locator('.xterm') });
    await expect(terminal.first()).toBeVisible();
    await terminal.first().click();
    const target = await nodeName(page, right);
    await page.keyboard.type(`ping -c 3 -i 0.2 ${target}\n`);
    await expect(terminal.first().locator('.xterm-rows')).toContainText('3 received', { timeout: 20_000 });

    const counters = page.getByTestId(`node-counters-${right}`);
    await expect.poll(async () => Number(await counters.getAttribute('data-rx-packets'))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'terminal-and-counters');

    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  });
});
