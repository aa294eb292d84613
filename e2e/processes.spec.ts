/**
 * Processes: a host's document processes are seen, added and removed in its
 * properties; once running, the process list follows processes without a
 * Refresh, also those started by another session. The seed sample starts
 * `nc -lk 7000` on each of its hosts a, b, c.
 */
import { expect, test } from '@playwright/test';
import { openDesigner, openSample } from './designer.js';
import { call } from './running.js';

test('document processes are edited in the host properties; the process list is live', async ({ page }) => {
  await openDesigner(page);
  await openSample(page, 'seed');
  await page.getByTestId('node-a').click();
  const section = page.getByTestId('prop-processes');
  await expect(page.getByTestId('prop-process-0')).toHaveValue('nc -lk 7000');
  await section.getByTestId('prop-process-add').click();
  await page.getByTestId('command-input').fill("sh -c 'sleep 300'");
  await page.getByTestId('command-ok').click();
  await expect(page.getByTestId('prop-process-1')).toHaveValue("sh -c 'sleep 300'");
  await page.getByTestId('prop-process-remove-0').click();
  await expect(page.getByTestId('prop-process-0')).toHaveValue("sh -c 'sleep 300'");

  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Processes' }).click();
  const list = page.getByTestId('process-list');
  await expect(list).toContainText('sh -c sleep 300');
  // Another session starts one: the list shows it without being asked.
  const { pid } = (await call('process.exec', { host: 'b', argv: ['sleep', '301'] })) as { pid: number };
  await expect(page.getByTestId(`process-${pid}`)).toContainText('sleep 301');
  await call('process.signal', { pid, signal: 'SIGTERM' });
  await expect(page.getByTestId(`process-${pid}`)).toHaveCount(0);

  await page.getByTestId('btn-stop').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
});
