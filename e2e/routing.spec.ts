/**
 * Routing from the designer, on the OSPF ring sample (six routers r1..r6 in a ring, hosts h1 on r1
 * and h3 on r3): the network's routing mode in its properties, then a running router's live table of
 * both families, its daemons and Full neighbours, and how the table changes when a link is cut and comes back.
 */
import { expect, test, type Page } from '@playwright/test';
import type { NetworkStatus } from '../common/protocol/helper.js';
import { centre, openDesigner, openSample } from './designer.js';
import { call } from './running.js';

const CONVERGED = { timeout: 30_000 };

async function stop(page: Page): Promise<void> {
  await page.getByTestId('btn-stop').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
}

/** The rows of r1's table that routing protocol `protocol` made, of one family, optionally by one interface. */
const routes = (page: Page, protocol: string, family: 4 | 6, change?: 'appeared' | 'vanished') =>
  page
    .getByTestId('router-routes')
    .locator(`tr[data-protocol="${protocol}"][data-family="${family}"]${change ? `[data-change="${change}"]` : ''}`);

const fullNeighbours = (page: Page, protocol: string) =>
  page.getByTestId('router-neighbours').locator(`tr[data-protocol="${protocol}"][data-state^="Full"]`);

test.describe('routing', () => {
  test.afterEach(async ({ page }) => {
    if (await page.getByTestId('btn-stop').isEnabled()) await stop(page);
  });

  test("the network's mode, then a router's live table, neighbours and daemons as a link is cut", async ({ page }) => {
    test.setTimeout(180_000);
    await openDesigner(page);
    await openSample(page, 'ospf-ring');

    // Nothing selected: the network's properties, its mode explained.
    const mode = page.getByTestId('prop-network-routing');
    await expect(mode).toHaveValue('ospf');
    await mode.selectOption('static');
    await expect(page.getByTestId('network-routing-help')).toContainText('shortest paths');
    await expect(page.getByTestId('document-name')).toHaveAttribute('data-dirty', 'true');
    await mode.selectOption('ospf');
    await expect(page.getByTestId('network-routing-help')).toContainText('OSPFv3');

    await page.getByTestId('node-r1').click();
    await expect(page.getByTestId('prop-routing')).toHaveValue('');
    await expect(page.getByTestId('prop-routing').locator('option:checked')).toHaveText("network's (ospf)");
    await expect(page.getByTestId('router-live')).toHaveCount(0);

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await expect(routes(page, 'ospf', 4).first()).toBeVisible(CONVERGED);
    await expect(routes(page, 'ospf', 6).first()).toBeVisible(CONVERGED);
    await expect(fullNeighbours(page, 'ospf')).toHaveCount(2, CONVERGED);
    await expect(fullNeighbours(page, 'ospf6')).toHaveCount(2, CONVERGED);
    for (const daemon of ['zebra', 'ospfd', 'ospf6d'])
      await expect(page.getByTestId(`daemon-${daemon}`)).toHaveAttribute('data-running', 'true');
    await expect(page.getByTestId('router-routing-problem')).toHaveCount(0);

    // Cut r1-r2 from its menu: once r1 is selected again, nothing of OSPF leaves by that link's interface.
    const status = (await call('network.status', {})) as NetworkStatus;
    const towardsR2 = status.hosts.r1?.interfaces.find((i) => i.linkId === 'r1-r2')?.name;
    expect(towardsR2).toBeDefined();
    const byR2 = page.getByTestId('router-routes').locator(`tr[data-protocol="ospf"][data-device="${towardsR2}"]`);
    await expect(byR2.first()).toBeVisible();
    const { x, y } = await centre(page.getByTestId('edge-r1-r2'));
    await page.mouse.click(x, y, { button: 'right' });
    await page.getByTestId('menu-takeLinksDown').click();
    await expect(page.getByTestId('edge-r1-r2')).toHaveAttribute('data-up', 'false');
    await page.getByTestId('node-r1').click();
    await expect(fullNeighbours(page, 'ospf')).toHaveCount(1, CONVERGED);
    await expect(fullNeighbours(page, 'ospf6')).toHaveCount(1, CONVERGED);
    await expect(byR2).toHaveCount(0, CONVERGED);
    await expect(routes(page, 'ospf', 4).first()).toBeVisible();

    // With r1 kept selected, Undo brings the link back: routes by it are marked new; Redo cuts it: they are shown gone.
    await page.getByTestId('btn-undo').click();
    await expect(page.getByTestId('edge-r1-r2')).toHaveAttribute('data-up', 'true');
    await expect(byR2.and(page.locator('[data-change="appeared"]')).first()).toBeVisible(CONVERGED);
    await expect(fullNeighbours(page, 'ospf6')).toHaveCount(2, CONVERGED);
    await page.getByTestId('btn-redo').click();
    await expect(byR2.and(page.locator('[data-change="vanished"]')).first()).toBeVisible(CONVERGED);
    await expect(byR2).toHaveCount(0, CONVERGED);
  });
});
