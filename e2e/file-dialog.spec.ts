/**
 * Web mode's file dialog and the unsaved-changes question: an untitled
 * drawing saved under its default name in a new folder, Save As asking
 * before replacing it, Cancel / Don't save when leaving edits, and the file
 * opened back from the folder's list.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { nodeIds, openDesigner, WORK_DIR } from './designer.js';

const dialog = (page: Page) => page.getByTestId('path-dialog');

async function addHost(page: Page, count: number): Promise<void> {
  await page.getByTestId('palette-host').click();
  await expect.poll(async () => (await nodeIds(page)).length).toBe(count);
}

test('an untitled drawing is saved in a new folder, replaced only when asked, left only when told, opened back', async ({
  page,
}) => {
  await openDesigner(page);
  await page.getByTestId('btn-new-empty').click();
  await addHost(page, 1);

  await page.getByTestId('btn-save').click();
  await expect(page.getByTestId('path-input')).toHaveValue('network.json');
  // It starts in the user's home.
  await expect(page.getByTestId('file-folder')).toHaveText(homedir());
  await page.getByTestId('path-input').fill(WORK_DIR);
  await page.getByTestId('path-input').press('Enter');
  await expect(page.getByTestId('file-folder')).toHaveText(WORK_DIR);
  const folder = `nets-${Date.now()}`;
  await page.getByTestId('file-new-folder').click();
  await page.getByTestId('text-input').fill(folder);
  await page.getByTestId('text-ok').click();
  await expect(page.getByTestId('file-folder')).toHaveText(join(WORK_DIR, folder));
  await page.getByTestId('path-input').fill('network');
  await page.getByTestId('path-ok').click();
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByTestId('document-name')).toHaveText('network.json');
  expect(existsSync(join(WORK_DIR, folder, 'network.json'))).toBe(true);

  // Save As opens in the document's folder; the same name asks first.
  await page.getByTestId('btn-save-as').click();
  await expect(page.getByTestId('file-folder')).toHaveText(join(WORK_DIR, folder));
  await expect(page.getByTestId('file-entry-network.json')).toBeVisible();
  await page.getByTestId('path-ok').click();
  await expect(page.getByTestId('choice-dialog')).toContainText('Replace network.json?');
  await page.getByTestId('choice-cancel').click();
  await expect(dialog(page)).toBeVisible();
  await page.getByTestId('path-ok').click();
  await page.getByTestId('choice-replace').click();
  await expect(dialog(page)).toBeHidden();

  // Unsaved edits: Cancel keeps them, Don't save gives them up.
  await addHost(page, 2);
  await page.getByTestId('btn-new').click();
  await expect(page.getByTestId('choice-save')).toBeFocused();
  await page.getByTestId('choice-cancel').click();
  await expect(page.getByTestId('document-name')).toHaveAttribute('data-dirty', 'true');
  await page.getByTestId('btn-new').click();
  await page.getByTestId('choice-discard').click();
  await expect.poll(async () => (await nodeIds(page)).length).toBe(0);

  await page.getByTestId('btn-open').click();
  await expect(page.getByTestId('file-folder')).toHaveText(join(WORK_DIR, folder));
  await page.getByTestId('file-entry-network.json').dblclick();
  await expect(page.getByTestId('document-name')).toHaveText('network.json');
  await expect.poll(async () => (await nodeIds(page)).length).toBe(1);
});
