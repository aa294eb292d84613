/** Documents: save and reopen the same drawing; a broken file is refused and leaves the document alone. */
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { answerPath, nodeIds, nodeName, openDesigner, openSample, screenshot, WORK_DIR } from './designer.js';

async function drawing(page: import('@playwright/test').Page) {
  const ids = (await nodeIds(page)).sort();
  return Promise.all(ids.map(async (id) => ({ id, name: await nodeName(page, id) })));
}

/** Saves the drawing under path, then starts a new, empty document. */
async function saveAsThenNew(page: import('@playwright/test').Page, path: string) {
  await page.getByTestId('btn-save-as').click();
  await answerPath(page, path);
  await expect(page.getByTestId('document-name')).toHaveAttribute('data-dirty', 'false');
  await page.getByTestId('btn-new').click();
  await expect(page.locator('[data-testid^="node-"][data-kind]')).toHaveCount(0);
}

test.describe('documents', () => {
  test('save, reopen: the same drawing', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'routed');
    const before = await drawing(page);
    expect(before.length).toBeGreaterThan(0);

    const path = join(WORK_DIR, `routed-${Date.now()}.json`);
    await saveAsThenNew(page, path);
    await page.getByTestId('btn-open').click();
    await answerPath(page, path);
    await expect.poll(() => drawing(page)).toEqual(before);
  });

  test('a recent file reopens from the toolbar, without going back to the start screen', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    const before = await drawing(page);
    const path = join(WORK_DIR, `seed-${Date.now()}.json`);
    await saveAsThenNew(page, path);
    await page.getByTestId('btn-open-recent').click();
    const entry = page.getByTestId('recent-menu').locator(`[data-path="${path}"]`);
    await expect(entry).toHaveText(basename(path));
    await entry.click();

    await expect(page.getByTestId('recent-menu')).toBeHidden();
    await expect.poll(() => drawing(page)).toEqual(before);
    await expect(page.getByTestId('document-name')).toHaveText(basename(path));
    await expect(page.getByTestId('start-screen')).toBeHidden();
  });

  test('a broken file is refused with the schema message, the open document untouched', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    const before = await drawing(page);
    const title = await page.getByTestId('document-name').innerText();

    const broken = join(WORK_DIR, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ version: 1, nodes: [], links: [{ id: 'l1', a: { node: 'h9' }, b: { node: 'h8' } }] }),
    );
    await page.getByTestId('btn-open').click();
    await answerPath(page, broken);

    await expect(page.getByTestId('error-banner')).toContainText('links[0].a.node: no node "h9"');
    await screenshot(page, 'broken-file-refused');
    expect(await drawing(page)).toEqual(before);
    await expect(page.getByTestId('document-name')).toHaveText(title);
  });
});
