/**
 * Entry: the API comes from Electron's preload (window.vnet) or, in web
 * mode, from the WebSocket transport (app/renderer/transport/, owned by
 * app-main). The UI is the same either way.
 */
import '@xyflow/react/dist/style.css';
import { createRoot } from 'react-dom/client';
import type { VnetApi } from '../common/api.js';
import { App } from './App.js';
import { setApi } from './services/api.js';
import { sentence } from './lib/sentences.js';
import './styles/app.css';

declare global {
  interface Window {
    vnet?: VnetApi;
  }
}

async function connect(): Promise<VnetApi> {
  if (window.vnet) return window.vnet;
  // Loaded only in web mode; Electron never needs it.
  const { connectWebApi } = await import('./transport/web.js');
  return connectWebApi();
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
connect().then(
  (vnetApi) => {
    setApi(vnetApi);
    root.render(<App />);
  },
  (error: unknown) => {
    root.render(
      <div className="fatal" data-testid="error-banner" role="alert">
        <h1>vnet cannot reach its back end</h1>
        <pre>{sentence(error)}</pre>
      </div>,
    );
  },
);
