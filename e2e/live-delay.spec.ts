/**
 * Link emulation, live: set a link's delay, start the network, ping across
 * that link in a terminal and see a round trip of twice the delay (each
 * direction is delayed once); change the delay on the running network and
 * watch the round-trip time follow. This host's kernel has no netem, so the
 * designer runs inside the QEMU guest (Debian's kernel, with netem) and
 * Chromium here reaches it through the harness's port forward
 * (playwright.vm.config.ts).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { connect, dropFromPalette, nodeName, screenshot } from './designer.js';

/** What the round trip may add to twice the delay: the emulated guest's own latency, generously. */
const SLACK_MS = 40;

/** The round-trip time of the newest ping reply in the terminal, in ms. */
async function lastRtt(terminal: Locator): Promise<number> {
  const times = [...(await terminal.locator('.xterm-rows').innerText()).matchAll(/time=([\d.]+) ms/g)];
  return Number(times.at(-1)?.[1] ?? NaN);
}

async function expectRttFollows(terminal: Locator, delayMs: number): Promise<void> {
  await expect
    .poll(() => lastRtt(terminal), { timeout: 60_000, message: `RTT with a ${delayMs} ms link delay` })
    .toBeGreaterThanOrEqual(2 * delayMs);
  await expect.poll(() => lastRtt(terminal), { timeout: 60_000 }).toBeLessThan(2 * delayMs + SLACK_MS);
}

async function edgeIds(page: Page): Promise<string[]> {
  const edges = page.locator('[data-testid^="edge-"]:not([data-testid^="edge-label-"])');
  return (await edges.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).map((id) =>
    String(id).slice('edge-'.length),
  );
}

/** Draws a link with the mouse and returns its id. */
async function link(page: Page, from: string, to: string): Promise<string> {
  const before = new Set(await edgeIds(page));
  await connect(page, from, to);
  await expect.poll(async () => (await edgeIds(page)).length).toBe(before.size + 1);
  return (await edgeIds(page)).find((id) => !before.has(id)) ?? '';
}

/** The SVG geometry calls used in the page (the Node-side type check has no DOM library). */
interface SvgPath {
  getTotalLength(): number;
  getPointAtLength(length: number): { matrixTransform(matrix?: unknown): { x: number; y: number } };
  getScreenCTM(): unknown;
}

async function setDelay(page: Page, linkId: string, ms: number): Promise<void> {
  // A person clicks on the line, a quarter of the way along (its label sits in the middle).
  const point = await page.getByTestId(`edge-${linkId}`).evaluate((element) => {
    const path = element as unknown as SvgPath;
    const p = path.getPointAtLength(path.getTotalLength() / 4).matrixTransform(path.getScreenCTM() ?? undefined);
    return { x: p.x, y: p.y };
  });
  await page.mouse.click(point.x, point.y);
  // The panel is the link's: its title names its ends, so the check is that the clicked line is selected.
  await expect(page.locator(`.react-flow__edge.selected [data-testid="edge-${linkId}"]`)).toHaveCount(1);
  await expect(page.getByTestId('properties')).toContainText('link ');
  await page.getByTestId('prop-delay').fill(String(ms));
  await page.getByTestId('prop-delay').press('Enter');
  await expect(page.getByTestId(`edge-label-${linkId}`)).toContainText(`${ms} ms`);
}

test.describe('link delay on a running network', () => {
  test('the round-trip time is twice the delay and follows it as it changes', async ({ page }) => {
    await page.goto(`/?token=${process.env.VNET_E2E_TOKEN}`);
    await page.getByTestId('btn-new-empty').click();
    const left = await dropFromPalette(page, 'host', 0, 0);
    const right = await dropFromPalette(page, 'host', 350, 0);
    const lan = await dropFromPalette(page, 'switch', 0, 250);
    await link(page, left, lan);
    const delayed = await link(page, right, lan);
    await setDelay(page, delayed, 50);

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 120_000 });
    await expect(page.getByTestId('backend-name')).toHaveText(process.env.VNET_E2E_BACKEND ?? '');
    await page.getByTestId(`node-${left}`).dblclick();
    const terminal = page.getByTestId(/^terminal-\d+$/);
    await terminal.click();
    // An emulated guest (no KVM) takes a while to start a shell.
    await expect(terminal.locator('.xterm-rows')).toContainText(/[#$]/, { timeout: 90_000 });
    await page.keyboard.type(`ping -i 0.5 ${await nodeName(page, right)}\n`);
    await expectRttFollows(terminal, 50);

    await setDelay(page, delayed, 150);
    await expectRttFollows(terminal, 150);
    await screenshot(page, 'live-delay');

    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
  });
});
