/**
 * Node templates in the designer: the shipped ones in the palette beside the node kinds, one dragged
 * onto the canvas becomes a host of that template, and its parameters are fields in the properties.
 */
import { expect, test } from '@playwright/test';
import { dropFromPalette, openDesigner } from './designer.js';

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
