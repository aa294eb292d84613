/** The 1,000-host sample opens and the canvas pans and zooms. */
import { expect, test } from '@playwright/test';
import { emptyPanePoint, openDesigner, openSample, screenshot } from './designer.js';

test.describe('the 1,000-host sample', () => {
  test('opens, pans and zooms', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'campus-1000');
    const viewport = page.locator('.react-flow__viewport');
    await expect(page.locator('[data-testid^="node-"][data-kind="host"]').first()).toBeVisible();
    const transform = () => viewport.getAttribute('style');
    const start = await transform();

    const { x, y } = await emptyPanePoint(page);
    // Pan: drag the empty pane.
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x - 300, y - 150, { steps: 10 });
    await page.mouse.up();
    await expect.poll(transform).not.toBe(start);
    const panned = await transform();

    // Zoom: the wheel over the canvas.
    await page.mouse.wheel(0, -600);
    await expect.poll(transform).not.toBe(panned);
    await screenshot(page, 'campus-1000');
  });

  test('the overview brings the spot pressed on it into view', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'campus-1000');
    const view = page.getByTestId('overview-view');
    await expect(view).toBeVisible();
    const before = await view.getAttribute('style');
    const overview = page.getByTestId('overview');
    const box = await overview.boundingBox();
    if (!box) throw new Error('the overview is not visible');
    // The far left of the network: the view frame moves there, and so does the drawing.
    await overview.click({ position: { x: 12, y: box.height / 2 } });
    await expect.poll(() => view.getAttribute('style')).not.toBe(before);
    const frame = await view.boundingBox();
    expect(frame && frame.x < box.x + box.width / 2).toBe(true);
  });
});
