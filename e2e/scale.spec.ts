/**
 * 10,000 hosts in the designer (not started: too heavy for a test run): the
 * document opens readable, zoomed out its switches' hosts become clusters
 * with a count while switches and routers keep their names, zoomed in the
 * hosts come back, a cluster's menu is its hosts', and the canvas pans.
 */
import { expect, test, type Page } from '@playwright/test';
import { writeCampus10k } from '../bench/ui/campus10k.js';
import { answerPath, emptyPanePoint, openDesigner, screenshot, WORK_DIR } from './designer.js';

const HOSTS = '[data-testid^="node-"][data-kind="host"]';
const CLUSTERS = '[data-testid^="cluster-"][data-count]';

async function open10k(page: Page): Promise<void> {
  await openDesigner(page);
  await page.getByTestId('start-open').click();
  await answerPath(page, writeCampus10k(WORK_DIR));
  await expect(page.locator(HOSTS).first()).toBeVisible({ timeout: 30_000 });
}

const drawn = (page: Page, selector: string) => page.locator(selector).count();

test.describe('a 10,000-host document', () => {
  test.setTimeout(120_000);

  test('opens with its hosts in view, holding only the part around the view', async ({ page }) => {
    await open10k(page);
    expect(await drawn(page, HOSTS)).toBeLessThan(1000);
    await expect(page.locator(CLUSTERS)).toHaveCount(0);
  });

  test('zoomed out shows clusters with counts and the names of switches and routers; zoomed in, hosts', async ({
    page,
  }) => {
    await open10k(page);
    await page.getByTestId('btn-fit').click();
    await expect(page.locator(HOSTS)).toHaveCount(0);
    const cluster = page.getByTestId('cluster-c1-sw1');
    await expect(cluster).toHaveAttribute('data-count', '50');
    await expect(cluster).toContainText('50 hosts');
    expect(await drawn(page, CLUSTERS)).toBe(200);
    await expect(page.getByTestId('node-label-c1-sw1')).toHaveText('c1-sw1');
    await expect(page.getByTestId('node-label-c10-r')).toHaveText('c10-r');
    await expect(page.getByTestId('node-label-backbone')).toBeVisible();

    // Closer, still below the clusters' zoom: a few campuses, for the README.
    const campus = await page.getByTestId('node-label-c2-r').boundingBox();
    if (!campus) throw new Error('router c2-r is not on screen');
    await page.mouse.move(campus.x, campus.y);
    await page.mouse.wheel(0, -400);
    await page.mouse.wheel(0, -400);
    await expect(page.locator(HOSTS)).toHaveCount(0);
    await screenshot(page, 'campus-10k');
    const near = page.getByTestId('cluster-c2-sw10');

    // A cluster's menu is its hosts' menu: right click selects them all.
    await near.click({ button: 'right' });
    await expect(page.getByTestId('context-menu-node')).toBeVisible();
    await expect(near).toHaveAttribute('data-selected', 'true');
    await page.keyboard.press('Escape');

    // Zoom in on it: its hosts are back, the clusters gone.
    const box = await near.boundingBox();
    if (!box) throw new Error('the cluster is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 12 && !(await drawn(page, HOSTS)); i++) await page.mouse.wheel(0, -400);
    await expect(page.locator(`${HOSTS}[data-testid^="node-c2-h"]`).first()).toBeVisible();
    await expect(page.locator(CLUSTERS)).toHaveCount(0);
  });

  test('pans, bringing the hosts beside the view in', async ({ page }) => {
    await open10k(page);
    const before = await page.locator(HOSTS).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
    for (let leg = 0; leg < 4; leg++) {
      const { x, y } = await emptyPanePoint(page);
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x - 500, y, { steps: 10 });
      await page.mouse.up();
    }
    await expect
      .poll(async () => {
        const now = await page.locator(HOSTS).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
        return now.filter((id) => !before.includes(id)).length;
      })
      .toBeGreaterThan(50);
  });
});
