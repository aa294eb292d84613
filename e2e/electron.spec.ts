/**
 * The Electron app itself, where its binary exists: the window opens on the
 * designer with the preload's API. The one test allowed to skip: Electron's
 * binary cannot be downloaded on every machine (its install script fails there).
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { join } from 'node:path';
import { electronBinary } from '../app/main/electron-binary.js';

test.describe('the Electron app', () => {
  const binary = electronBinary();
  test.skip(
    !binary,
    'Electron binary is not installed (its download is unreachable here); web mode covers the designer',
  );

  test('opens the designer with the preload API and nothing else', async () => {
    const app = await electron.launch({
      executablePath: binary,
      args: [join(import.meta.dirname, '..'), '--no-sandbox'],
    });
    const window = await app.firstWindow();
    await expect(window.getByTestId('start-screen')).toBeVisible();
    expect(await window.evaluate(() => typeof (window as unknown as { vnet?: unknown }).vnet)).toBe('object');
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    await app.close();
  });
});
