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

    const left = await dropFromPalette(page, 'host', 0, 0);
    const right = await dropFromPalette(page, 'host', 350, 0);
    const lan = await dropFromPalette(page, 'switch', 0, 250);
    await connect(page, left, lan);
    await connect(page, right, lan);
    await expect(page.locator('[data-testid^="edge-"]:not([data-testid^="edge-label-"])')).toHaveCount(2);

    // The link just drawn is selected; give it a delay. This host's kernel has no netem, so the
    // stock-kernel backend says it cannot emulate delay instead of pretending.
    await expect(page.getByTestId('properties')).toContainText(`${right} — ${lan}`);
    await page.getByTestId('prop-delay').fill('20');
    await page.getByTestId('prop-delay').press('Enter');
    await expect(page.getByTestId('prop-unsupported')).toContainText(/netns.*cannot emulate.*delay/s);
    await screenshot(page, 'draw-network');

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await expect(page.getByTestId('backend-name')).toHaveText('netns');
    // The running network tells the same, naming the link.
    await expect(page.getByTestId('warning-banner')).toContainText(`${right}-${lan}: delay not applied`);

    await page.getByTestId(`node-${left}`).dblclick();
    const terminal = page.getByTestId(/^terminal-\d+$/);
    await expect(terminal).toBeVisible();
    await terminal.click();
    await expect(terminal.locator('.xterm-rows')).toContainText(/[#$]/); // the shell's prompt
    const target = await nodeName(page, right);
    await page.keyboard.type(`ping -c 3 -i 0.2 ${target}\n`);
    await expect(terminal.locator('.xterm-rows')).toContainText('3 received', { timeout: 20_000 });

    const counters = page.getByTestId(`node-counters-${right}`);
    await expect.poll(async () => Number(await counters.getAttribute('data-rx-packets'))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'terminal-and-counters');

    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  });
});
