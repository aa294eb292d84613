/**
 * What a person does in the designer, as steps for the e2e tests: open it,
 * drag from the palette, connect two nodes, type in a terminal. Locators are
 * the data-testids of app/renderer/TESTIDS.md.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export { emptyPanePoint } from './pane.js';

export const WORK_DIR = process.env.VNET_E2E_DIR ?? '/tmp';
/** The README's screenshots are refreshed on request (`VNET_SCREENSHOTS=1 npm run test:e2e`), else kept with the results. */
const SCREENSHOTS = process.env.VNET_SCREENSHOTS
  ? join(import.meta.dirname, '..', 'docs', 'screenshots')
  : join(import.meta.dirname, '..', 'test-results', 'screenshots');

/**
 * The designer, once its start screen has what the server lists (samples, recent files and templates
 * come in one answer): beside the guests' load that answer took more than the 10 s of an expect.
 */
export async function openDesigner(page: Page): Promise<void> {
  await page.goto(`/?token=${process.env.VNET_E2E_TOKEN}`);
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.locator('[data-testid^="sample-"]').first()).toBeVisible({ timeout: 30_000 });
}

export async function openSample(page: Page, id: string): Promise<void> {
  await page.getByTestId(`sample-${id}`).click();
  await expect(page.getByTestId('canvas')).toBeVisible();
}

/** Node ids in the drawing, optionally of one kind. */
export async function nodeIds(page: Page, kind?: string): Promise<string[]> {
  const selector = kind ? `[data-testid^="node-"][data-kind="${kind}"]` : '[data-testid^="node-"][data-kind]';
  const ids = await page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
  return ids.map((id) => String(id).slice('node-'.length));
}

/**
 * Drags a node kind from the palette onto the canvas, (dx, dy) from its centre
 * (the canvas re-centres the drawing after each drop).
 */
export async function dropFromPalette(page: Page, kind: string, dx: number, dy: number): Promise<string> {
  const before = new Set(await nodeIds(page));
  const canvas = page.getByTestId('canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const source = await centre(page.getByTestId(`palette-${kind}`));
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await nodeIds(page)).length).toBe(before.size + 1);
  const added = (await nodeIds(page)).find((id) => !before.has(id));
  if (!added) throw new Error(`no ${kind} appeared after the drop`);
  return added;
}

/** The element's centre once it has stopped moving (the canvas animates when it fits the view). */
export async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  let last = '';
  await expect
    .poll(
      async () => {
        const box = JSON.stringify(await locator.boundingBox());
        const settled = box === last;
        last = box;
        return settled;
      },
      { intervals: [100] },
    )
    .toBe(true);
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Draws a link with the mouse, as a person does: from one node's bottom handle to another's top handle,
 * each shown once the pointer is over its node.
 */
export async function connect(page: Page, from: string, to: string): Promise<void> {
  const over = await centre(page.getByTestId(`node-${to}`));
  await page.getByTestId(`node-${from}`).hover();
  const start = await centre(page.getByTestId(`handle-${from}-bottom`));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(over.x, over.y, { steps: 10 });
  const end = await centre(page.getByTestId(`handle-${to}-top`));
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

export async function nodeName(page: Page, id: string): Promise<string> {
  return (await page.getByTestId(`node-name-${id}`).innerText()).trim();
}

/** Answers web mode's path dialog. */
export async function answerPath(page: Page, path: string): Promise<void> {
  await expect(page.getByTestId('path-dialog')).toBeVisible();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
