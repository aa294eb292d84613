/**
 * Node templates in the designer: the shipped ones in the palette beside the node kinds, one dragged
 * onto the canvas becomes a host of that template, and its parameters are fields in the properties;
 * a running node's template checks pass and fail live there, and the scenario steps it adds are said
 * and played.
 */
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerPath, dropFromPalette, openDesigner, WORK_DIR } from './designer.js';

test('a template dragged from the palette adds its host, with its parameters in the properties', async ({ page }) => {
  await openDesigner(page);
  await page.getByTestId('btn-new-empty').click();
  for (const name of ['web-server', 'etcd-member', 'client'])
    await expect(page.getByTestId(`palette-template-${name}`)).toBeVisible();

  const id = await dropFromPalette(page, 'template-client', 0, 0);
  expect(id).toBe('client1');
  await expect(page.getByTestId('prop-template')).toHaveText('Template client');
  await expect(page.getByTestId('prop-param-port')).toHaveAttribute('placeholder', '8080');
  await expect(page.getByTestId('prop-param-period')).toHaveAttribute('placeholder', '1');

  // A required parameter cannot be left empty; a value is taken.
  await page.getByTestId('prop-param-server').fill('web');
  await page.getByTestId('prop-param-server').press('Enter');
  await expect(page.getByTestId('prop-param-server')).toHaveValue('web');
  await page.getByTestId('prop-param-server').fill('');
  await expect(page.getByTestId('prop-error-param-server')).toHaveText('required: Name of the host to ask');
});

test("a running node's template checks pass and fail live in its properties", async ({ page }) => {
  const sample = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'samples', 'extensions', 'templates.json'), 'utf8'),
  );
  const keep = (id: string) => !id.startsWith('e');
  const path = join(WORK_DIR, 'templates-ui-checks.json');
  writeFileSync(
    path,
    JSON.stringify({
      ...sample,
      name: 'templates-ui checks',
      nodes: sample.nodes.filter((n: { id: string }) => keep(n.id)),
      links: sample.links.filter((l: { a: { node: string } }) => keep(l.a.node)),
    }),
  );
  await openDesigner(page);
  await page.getByTestId('btn-open').click();
  await answerPath(page, path);
  await page.getByTestId('node-web').click();
  await expect(page.getByTestId('template-check-0')).toContainText('web: nginx listens on 8080');
  await expect(page.getByTestId('template-checks')).toContainText('Start the network');
  await expect(page.getByTestId('scenario-template-steps')).toContainText('Its templates add 2 steps');

  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('template-check-0')).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('template-check-1')).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });

  // The steps the templates add play from the designer as `vnet scenario run` plays them, each named by its node.
  const scenario = page.getByTestId('scenario-panel');
  await expect(scenario).toContainText('web (web-server): exec web');
  await expect(scenario).toContainText('c1 (client): exec c1');
  await page.getByTestId('btn-scenario-play').click();
  await expect(page.getByTestId('scenario-result')).toHaveText('scenario passed', { timeout: 60_000 });

  // Another port in the document: nginx, started from the file that says it, reads it again.
  await page.getByTestId('prop-param-port').fill('9090');
  await page.getByTestId('prop-param-port').press('Enter');
  await expect(page.getByTestId('template-check-0')).toContainText('web: nginx listens on 9090');
  await expect(page.getByTestId('template-check-0')).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
  // Its client still asks 8080, and its check says so.
  await page.getByTestId('node-c1').click();
  await expect(page.getByTestId('template-check-0')).toContainText('c1: reaches its server web');
  await expect(page.getByTestId('template-check-0')).toHaveAttribute('data-ok', 'false', { timeout: 20_000 });
  await expect(page.getByTestId('template-check-0').locator('.lab-seen')).not.toBeEmpty();
  await expect(page.getByTestId('template-steps')).toContainText('1 scenario step');

  await page.getByTestId('btn-stop').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
});
