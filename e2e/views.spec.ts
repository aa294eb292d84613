/**
 * One running network, any number of views: a view reloaded, or opened
 * beside another, attaches to the network and its edits reach the helper;
 * each view sees the others' edits. Both tests share one started network
 * (the seed sample: hosts a, b, c on switch lan).
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, nodeIds, openDesigner, openSample, WORK_DIR } from './designer.js';
import { call, runningDocument } from './running.js';

const state = (page: Page) => page.getByTestId('network-state');

/**
 * As long as a start, on a loaded machine: a page's load took 16 s in CI (guests starting beside), and
 * the view attaches only once its files (samples, draft) are read, after it has seen the network run.
 */
const patient = { timeout: 30_000 };

/** Opens the designer on a network already running: it shows that network, no start screen. */
async function attachedView(page: Page): Promise<void> {
  await page.goto(`/?token=${process.env.VNET_E2E_TOKEN}`);
  await expect(state(page)).toHaveAttribute('data-state', 'running', patient);
  await expect(page.getByTestId('canvas')).toBeVisible(patient);
  await expect(page.getByTestId('start-screen')).toBeHidden(patient);
}

async function rename(page: Page, node: string, name: string): Promise<void> {
  await page.getByTestId(`node-${node}`).click();
  await page.getByTestId('prop-name').fill(name);
  await page.getByTestId('prop-name').press('Enter');
}

test.describe('views of one running network', () => {
  // Each test waits up to 30 s several times (patient): a slow test's time.
  test.describe.configure({ mode: 'serial', timeout: 180_000 });
  test.afterAll(async () => {
    await call('network.stop', {});
  });

  test('a reloaded view attaches: a changed rate and a drawn link reach the helper', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    await page.getByTestId('btn-start').click();
    await expect(state(page)).toHaveAttribute('data-state', 'running', patient);

    await page.reload();
    await attachedView(page);
    const box = await page.getByTestId('edge-a-lan').boundingBox();
    if (!box) throw new Error('link a-lan is not visible');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('prop-rate').fill('3M');
    await page.getByTestId('prop-rate').press('Enter');
    await expect
      .poll(async () => (await runningDocument()).topology.links.find((l) => l.id === 'a-lan')?.params?.rateBps)
      .toBe(3_000_000);

    const before = new Set(await nodeIds(page));
    await page.getByTestId('palette-host').click();
    await expect.poll(async () => (await nodeIds(page)).length).toBe(before.size + 1);
    const host = (await nodeIds(page)).find((id) => !before.has(id)) ?? '';
    await connect(page, host, 'lan');
    await expect
      .poll(
        async () => {
          const status = (await call('network.status', {})) as { hosts: Record<string, { interfaces: unknown[] }> };
          return status.hosts[host]?.interfaces.length;
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    // The drawing's unsaved edits are kept for crash recovery: the next views find that draft the same network.
    // Polled as it is written: a throw (no draft yet) would end the poll at once.
    const draft = join(WORK_DIR, 'config', 'draft.json');
    await expect.poll(() => (existsSync(draft) ? readFileSync(draft, 'utf8') : '')).toContain(`${host}-lan`);
  });

  test('two views edit the same network, and each sees the other edit', async ({ page, context }) => {
    await attachedView(page);
    const other = await context.newPage();
    await attachedView(other);

    // Each edit goes through the helper (a renamed host is built again under its new name) before the
    // other view fetches it.
    await rename(page, 'b', 'web');
    await expect(other.getByTestId('node-name-b')).toHaveText('web', patient);
    await rename(other, 'c', 'db');
    await expect(page.getByTestId('node-name-c')).toHaveText('db', patient);
    expect((await runningDocument()).topology.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['web', 'db']));
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    await expect(other.getByTestId('error-banner')).toHaveCount(0);

    await page.getByTestId('btn-stop').click();
    await expect(state(other)).toHaveAttribute('data-state', 'stopped', patient);
  });
});
