/**
 * `npm start`: the designer in Electron when its binary is installed, else
 * the same designer in web mode (Electron's binary cannot be downloaded on
 * every machine), opened on the bundled sample network. A topology file
 * given as argument (`npm start -- net.json`) is opened instead.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer } from '../app/main/web.js';
import { electronBinary } from '../app/main/electron-binary.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function runElectron(binary: string, files: string[]): void {
  const child = spawn(binary, [ROOT, ...files], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

async function runWeb(files: string[]): Promise<void> {
  const [file] = files;
  const server = await startWebServer({
    initial: file ? { path: resolve(file) } : { sample: 'seed' },
    print: false,
  });
  console.log(
    `Electron is not installed (its binary could not be downloaded); serving the designer in web mode instead: ${server.url}`,
  );
  console.log('Open that URL in a browser on this machine. Press Ctrl+C to stop (the running network stops with it).');
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const files = process.argv.slice(2).filter((a) => a.endsWith('.json'));
const binary = electronBinary();
if (binary) runElectron(binary, files);
else
  runWeb(files).catch((error: unknown) => {
    console.error(`vnet: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
