/** Web mode's file dialog (services/fileDialog.ts): the folder shown, its entries, recent folders, a name field. */
import { useState } from 'react';
import { baseName } from '../lib/paths.js';
import {
  newFolder,
  recentFolders,
  showFolder,
  submitName,
  useFileDialog,
  type FileRequest,
} from '../services/fileDialog.js';
import { useStore } from '../store/index.js';

function Places() {
  const recent = useStore((s) => s.recent);
  const home = useFileDialog((s) => s.listing?.home);
  const folders = [...(home ? [home] : []), ...recentFolders(recent).filter((f) => f !== home)];
  return (
    <ul className="file-places" data-testid="file-places">
      {folders.map((folder, i) => (
        <li key={folder}>
          <button
            type="button"
            className="link-button"
            data-testid={`file-place-${i}`}
            data-path={folder}
            title={folder}
            onClick={() => void showFolder(folder)}
          >
            {folder === home ? 'Home' : baseName(folder) || '/'}
          </button>
        </li>
      ))}
    </ul>
  );
}

function Entries({ choose }: { choose(name: string, submit: boolean): void }) {
  const listing = useFileDialog((s) => s.listing);
  if (!listing) return <div className="file-entries muted">Reading the folder…</div>;
  return (
    <ul className="file-entries" data-testid="file-entries">
      {listing.entries.map(({ name, kind }) => (
        <li key={name}>
          <button
            type="button"
            data-testid={`file-entry-${name}`}
            data-kind={kind}
            onClick={() => (kind === 'folder' ? void showFolder(`${listing.folder}/${name}`) : choose(name, false))}
            onDoubleClick={() => kind === 'file' && choose(name, true)}
          >
            {kind === 'folder' ? '📁' : '📄'} {name}
          </button>
        </li>
      ))}
      {listing.entries.length === 0 && <li className="muted">No folders or networks (.json) here.</li>}
      {listing.truncated && <li className="muted">More entries than shown: type the name.</li>}
    </ul>
  );
}

function Dialog({ request }: { request: FileRequest }) {
  const [name, setName] = useState(request.suggested);
  const listing = useFileDialog((s) => s.listing);
  const problem = useFileDialog((s) => s.problem);
  const cancel = () => request.resolve(null);
  const choose = (chosen: string, submit: boolean) => {
    setName(chosen);
    if (submit) void submitName(chosen);
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <form
        className="modal file-dialog"
        role="dialog"
        aria-label={request.title}
        data-testid="path-dialog"
        data-mode={request.mode}
        onKeyDown={(e) => e.key === 'Escape' && cancel()}
        onSubmit={(e) => {
          e.preventDefault();
          void submitName(name);
        }}
      >
        <h3>{request.title}</h3>
        <div className="file-folder">
          <button
            type="button"
            data-testid="file-up"
            title="Parent folder"
            disabled={!listing?.parent}
            onClick={() => void showFolder(listing?.parent ?? null)}
          >
            ↑ Up
          </button>
          <span data-testid="file-folder" title="Names typed below are read from this folder">
            {listing?.folder ?? '…'}
          </span>
          <button type="button" data-testid="file-new-folder" onClick={() => void newFolder()}>
            New folder
          </button>
        </div>
        <div className="file-browser">
          <Places />
          <Entries choose={choose} />
        </div>
        {problem && (
          <p className="field-error" data-testid="file-problem" role="alert">
            {problem}
          </p>
        )}
        <label className="file-name">
          {request.mode === 'save' ? 'Save as' : 'Open'}
          <input
            autoFocus
            data-testid="path-input"
            value={name}
            spellCheck={false}
            placeholder="network.json, lab/net.json, ~/nets/a.json or /tmp/a.json"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <div className="modal-buttons">
          <button type="button" data-testid="path-cancel" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="path-ok" disabled={!listing}>
            {request.mode === 'save' ? 'Save' : 'Open'}
          </button>
        </div>
      </form>
    </div>
  );
}

export function FileDialog() {
  const request = useFileDialog((s) => s.request);
  return request ? <Dialog key={request.title} request={request} /> : null;
}
