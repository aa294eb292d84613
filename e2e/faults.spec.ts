/**
 * Faults from the designer, on the seed sample (hosts a, b, c on switch
 * lan) against the real helper: per-direction link parameters, a link taken
 * down and brought up (seen from inside the host), a node crashed and
 * restarted, a selection partitioned from the rest and healed.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerPath, openDesigner, openSample, WORK_DIR } from './designer.js';

/** The middle of a link on screen (a straight line: its box's centre). */
async function linkMiddle(page: Page, link: string): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId(`edge-${link}`).boundingBox();
  if (!box) throw new Error(`link ${link} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function rightClickLink(page: Page, link: string): Promise<void> {
  const { x, y } = await linkMiddle(page, link);
  await page.mouse.click(x, y, { button: 'right' });
  await expect(page.getByTestId('context-menu-link')).toBeVisible();
}

async function rightClickNode(page: Page, node: string): Promise<void> {
  await page.getByTestId(`node-${node}`).click({ button: 'right' });
  await expect(page.getByTestId('context-menu-node')).toBeVisible();
}

async function start(page: Page): Promise<void> {
  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
}

async function stop(page: Page): Promise<void> {
  await page.getByTestId('btn-stop').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
}

/** Runs a command in the host's terminal (cleared first) and returns the terminal's rows. */
async function inTerminal(page: Page, command: string) {
  const terminal = page.getByTestId(/^terminal-\d+$/);
  await terminal.click();
  await page.keyboard.type(`clear; ${command}\n`);
  return terminal.locator('.xterm-rows');
}

/** The interfaces of the host whose terminal is open, as `ip -br link` lists them (loopback aside). */
const hostLinks = async (page: Page) => (await inTerminal(page, 'ip -br link show | grep -v ^lo')).innerText();

/** Takes a link down or brings it up from its menu, which offers only the one that applies. */
async function setLink(page: Page, link: string, up: boolean): Promise<void> {
  await rightClickLink(page, link);
  await expect(page.getByTestId(up ? 'menu-takeLinksDown' : 'menu-bringLinksUp')).toHaveCount(0);
  await page.getByTestId(up ? 'menu-bringLinksUp' : 'menu-takeLinksDown').click();
  await expect(page.getByTestId(`edge-${link}`)).toHaveAttribute('data-up', String(up));
}

test.describe('faults', () => {
  // One helper serves every test: a test that failed half-way must not leave its network running for the next.
  test.afterEach(async ({ page }) => {
    if (await page.getByTestId('btn-stop').isEnabled()) await stop(page);
  });

  test('a link takes per-direction parameters, named by its ends', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    const { x, y } = await linkMiddle(page, 'a-lan');
    await page.mouse.click(x, y);
    await expect(page.getByTestId('properties')).toContainText('a — lan');

    await expect(page.getByTestId('prop-direction-a>b')).toHaveText('a → lan');
    await expect(page.getByTestId('prop-direction-b>a')).toHaveText('lan → a');
    await page.getByTestId('prop-direction-a>b').click();
    await page.getByTestId('prop-rate').fill('2M');
    await page.getByTestId('prop-rate').press('Enter');
    await expect(page.getByTestId('prop-direction-a>b')).toHaveAttribute('data-overridden', 'true');

    await page.getByTestId('prop-direction-b>a').click();
    await expect(page.getByTestId('prop-rate')).toHaveValue('unlimited');
    await page.getByTestId('prop-direction-both').click();
    await expect(page.getByTestId('prop-rate')).toHaveValue('');
    await expect(page.getByTestId('prop-rate')).toHaveAttribute('placeholder', 'differs by direction');
    await expect(page.getByTestId('prop-delay')).toHaveValue('0');

    const path = join(WORK_DIR, `directions-${Date.now()}.json`);
    await page.getByTestId('btn-save-as').click();
    await answerPath(page, path);
    await expect(page.getByTestId('document-name')).toHaveAttribute('data-dirty', 'false');
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { links: { id: string; directions?: unknown }[] };
    expect(saved.links.find((l) => l.id === 'a-lan')?.directions).toEqual({ 'a>b': { rateBps: 2_000_000 } });
  });

  test('a link is taken down and brought up from its menu: the host sees its carrier go and come back', async ({
    page,
  }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    await start(page);
    await page.getByTestId('node-a').dblclick();
    await expect.poll(() => hostLinks(page), { timeout: 20_000 }).toContain('LOWER_UP');

    await setLink(page, 'a-lan', false);
    await expect.poll(() => hostLinks(page), { timeout: 20_000 }).toContain('NO-CARRIER');
    await setLink(page, 'a-lan', true);
    await expect.poll(() => hostLinks(page), { timeout: 20_000 }).toContain('LOWER_UP');
    await stop(page);
  });

  test('a node is crashed and restarted from its menu', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    await rightClickNode(page, 'a');
    // Stopped: nothing to crash, no terminal to open.
    await expect(page.getByTestId('menu-crashNode')).toHaveCount(0);
    await expect(page.getByTestId('menu-openTerminal')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await start(page);

    await rightClickNode(page, 'a');
    await expect(page.getByTestId('menu-restartNode')).toHaveCount(0);
    await page.getByTestId('menu-crashNode').click();
    await expect(page.getByTestId('node-a')).toHaveAttribute('data-crashed', 'true');
    await expect(page.getByTestId('error-banner')).toHaveCount(0);

    await rightClickNode(page, 'a');
    await expect(page.getByTestId('menu-crashNode')).toHaveCount(0);
    await page.getByTestId('menu-restartNode').click();
    await expect(page.getByTestId('node-a')).toHaveAttribute('data-crashed', 'false');
    await stop(page);
  });

  test('a selection is partitioned from the rest and healed', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    await start(page);
    await page.getByTestId('node-a').click();
    await page.getByTestId('node-b').click({ modifiers: ['Control'] });
    await rightClickNode(page, 'a');
    await expect(page.getByTestId('menu-heal')).toHaveCount(0);
    await page.getByTestId('menu-partition').click();
    await expect(page.getByTestId('node-a')).toHaveAttribute('data-partition-group', '0');
    await expect(page.getByTestId('node-b')).toHaveAttribute('data-partition-group', '0');
    await expect(page.getByTestId('node-c')).toHaveAttribute('data-partition-group', '1');
    // The switch is no host: it stays out of both groups.
    await expect(page.getByTestId('node-lan')).not.toHaveAttribute('data-partition-group', /./);

    await page.getByTestId('node-a').dblclick();
    await expect(await inTerminal(page, 'ping -c 1 -W 1 c; ping -c 1 -W 1 b')).toContainText(
      /0 received[\s\S]*1 received/,
      { timeout: 20_000 },
    );

    await rightClickNode(page, 'c');
    await page.getByTestId('menu-heal').click();
    await expect(page.getByTestId('node-c')).not.toHaveAttribute('data-partition-group', /./);
    await expect(await inTerminal(page, 'ping -c 1 -W 1 c')).toContainText('1 received', { timeout: 20_000 });
    await stop(page);
  });
});
