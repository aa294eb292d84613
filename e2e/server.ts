/**
 * The e2e suite's web server: the real one, with the port, token and config
 * dir the Playwright config chose. Inside the QEMU guest it listens on all
 * of the guest's addresses (VNET_E2E_HOST), the only way QEMU's port forward
 * reaches it; the token still guards it.
 */
import { join } from 'node:path';
import { startWebServer } from '../app/main/web.js';

const { VNET_E2E_PORT, VNET_E2E_TOKEN, VNET_E2E_DIR, VNET_E2E_HOST } = process.env;
if (!VNET_E2E_PORT || !VNET_E2E_TOKEN || !VNET_E2E_DIR)
  throw new Error('e2e/server.ts is started by e2e/playwright.config.ts');

const server = await startWebServer({
  port: Number(VNET_E2E_PORT),
  host: VNET_E2E_HOST ?? '127.0.0.1',
  token: VNET_E2E_TOKEN,
  configDir: join(VNET_E2E_DIR, 'config'),
});
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
