/** The terminal dock takes room from the canvas: the drawing stays in view as it opens and closes. */
import { expect, test, type Page } from '@playwright/test';
import { nodeIds, openDesigner, openSample } from './designer.js';

/** Whether every node lies inside the visible canvas. */
async function drawingInView(page: Page): Promise<boolean> {
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (!canvas) return false;
  const boxes = await Promise.all((await nodeIds(page)).map((id) => page.getByTestId(`node-${id}`).boundingBox()));
  return boxes.every(
    (b) =>
      !!b &&
      b.x >= canvas.x &&
      b.y >= canvas.y &&
      b.x + b.width <= canvas.x + canvas.width &&
      b.y + b.height <= canvas.y + canvas.height,
  );
}

test.describe('the terminal dock', () => {
  test('keeps the drawing in view as it opens and closes', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    await expect.poll(() => drawingInView(page)).toBe(true);

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    const [host] = await nodeIds(page, 'host');
    await page.getByTestId(`node-${host}`).dblclick();
    await expect(page.getByTestId(/^terminal-\d+$/)).toBeVisible();
    await expect.poll(() => drawingInView(page)).toBe(true);

    const dock = page.getByTestId('terminal-dock');
    await dock.getByRole('button', { name: 'Collapse' }).click();
    await expect(dock.getByRole('button', { name: 'Expand' })).toBeVisible();
    await expect.poll(() => drawingInView(page)).toBe(true);

    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  });
});
