/** The e2e suite's web server: the real one, with the port, token and config dir the Playwright config chose. */
import { join } from 'node:path';
import { startWebServer } from '../app/main/web.js';

const { VNET_E2E_PORT, VNET_E2E_TOKEN, VNET_E2E_DIR } = process.env;
if (!VNET_E2E_PORT || !VNET_E2E_TOKEN || !VNET_E2E_DIR)
  throw new Error('e2e/server.ts is started by e2e/playwright.config.ts');

const server = await startWebServer({
  port: Number(VNET_E2E_PORT),
  token: VNET_E2E_TOKEN,
  configDir: join(VNET_E2E_DIR, 'config'),
});
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
