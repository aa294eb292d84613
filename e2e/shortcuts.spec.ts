/** Keyboard shortcuts act on the drawing only while it is shown. */
import { expect, test } from '@playwright/test';
import { openDesigner, openSample } from './designer.js';

const NODES = '[data-testid^="node-"][data-kind]';

test.describe('keyboard shortcuts', () => {
  test('leave the drawing hidden by the start screen alone', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    const count = await page.locator(NODES).count();
    expect(count).toBeGreaterThan(0);

    await page.getByTestId('btn-home').click();
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.getByTestId('btn-back').click();
    await expect(page.locator(NODES)).toHaveCount(count);
    await expect(page.getByTestId('document-name')).toHaveAttribute('data-dirty', 'false');

    // The same keys, with the drawing shown, do act on it.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await expect(page.locator(NODES)).toHaveCount(0);
  });
});
