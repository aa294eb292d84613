/**
 * Link emulation, live: with a ping running in a terminal, change a link's
 * delay on the running network and watch the round-trip time follow. This
 * host's kernel has no netem, so the designer runs inside the QEMU guest
 * (Debian's kernel, with netem) and Chromium here reaches it through the
 * harness's port forward (playwright.vm.config.ts).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { connect, dropFromPalette, nodeName, screenshot } from './designer.js';

/** The round-trip time of the newest ping reply in the terminal, in ms. */
async function lastRtt(terminal: Locator): Promise<number> {
  const times = [...(await terminal.locator('.xterm-rows').innerText()).matchAll(/time=([\d.]+) ms/g)];
  return Number(times.at(-1)?.[1] ?? NaN);
}

async function setDelay(page: Page, linkId: string, ms: number): Promise<void> {
  await page.getByTestId(`edge-${linkId}`).click();
  await expect(page.getByTestId('properties')).toContainText(linkId);
  await page.getByTestId('prop-delay').fill(String(ms));
  await page.getByTestId('prop-delay').press('Enter');
}

test.describe('link delay on a running network', () => {
  test('the round-trip time follows the delay as it changes', async ({ page }) => {
    await page.goto(`/?token=${process.env.VNET_E2E_TOKEN}`);
    await page.getByTestId('btn-new-empty').click();
    const left = await dropFromPalette(page, 'host', 0, 0);
    const right = await dropFromPalette(page, 'host', 350, 0);
    const lan = await dropFromPalette(page, 'switch', 0, 250);
    await connect(page, left, lan);
    await connect(page, right, lan);

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 120_000 });
    await page.getByTestId(`node-${left}`).dblclick();
    const terminal = page.getByTestId(/^terminal-\d+$/);
    await terminal.click();
    // An emulated guest (no KVM) takes a while to start a shell.
    await expect(terminal.locator('.xterm-rows')).toContainText(/[#$]/, { timeout: 90_000 });
    await page.keyboard.type(`ping -i 0.5 ${await nodeName(page, right)}\n`);
    await expect.poll(() => lastRtt(terminal), { timeout: 60_000 }).toBeLessThan(50);

    await setDelay(page, `${right}-${lan}`, 150);
    await expect.poll(() => lastRtt(terminal), { timeout: 60_000 }).toBeGreaterThanOrEqual(150);
    await screenshot(page, 'live-delay');
    await setDelay(page, `${right}-${lan}`, 0);
    await expect.poll(() => lastRtt(terminal), { timeout: 60_000 }).toBeLessThan(50);

    await page.keyboard.press('Control+C');
    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
  });
});
