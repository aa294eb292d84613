/** File, edit and view buttons; Start/Stop with the network's state and backend, always visible. */
import type { ReactNode } from 'react';
import { describeKeys } from '../actions/action.js';
import { commands, type Command, type CommandName } from '../services/commands.js';
import { showStartScreen } from '../services/files.js';
import { restartHelper, startNetwork, stopNetwork } from '../services/network.js';
import { useStore } from '../store/index.js';
import { RecentMenu } from './RecentMenu.js';

export function CommandButton({
  name,
  testId,
  disabled,
  children,
}: {
  name: CommandName;
  testId: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const command: Command = commands[name];
  const keys = describeKeys(command.keys);
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={disabled}
      title={keys ? `${command.label} (${keys})` : command.label}
      onClick={() => void command.run()}
    >
      {children}
    </button>
  );
}

function NetworkControls() {
  const state = useStore((s) => s.networkState);
  const backend = useStore((s) => s.backend);
  const preferred = useStore((s) => s.helperVersion?.preferred);
  const reason = useStore((s) => s.networkReason);
  const empty = useStore((s) => s.topology.nodes.length === 0);
  const attached = useStore((s) => !!s.running);
  const busy = state === 'starting' || state === 'stopping' || state === 'disconnected';
  return (
    <div className="network-controls">
      <button
        type="button"
        className="primary"
        data-testid="btn-start"
        disabled={busy || state === 'running' || empty}
        onClick={() => void startNetwork()}
      >
        ▶ Start
      </button>
      <button
        type="button"
        data-testid="btn-stop"
        disabled={busy || state === 'stopped'}
        onClick={() => void stopNetwork()}
      >
        ■ Stop
      </button>
      <span
        className={`network-state state-${state}`}
        data-testid="network-state"
        data-state={state}
        data-attached={attached}
        title={reason}
      >
        {state}
      </span>
      <span className="backend" title={backend ? reason : 'backend the next start will use'}>
        backend <b data-testid="backend-name">{backend ?? preferred ?? '…'}</b>
      </span>
    </div>
  );
}

/** The server cannot be reached (web mode): why, until it is back. */
function ConnectionNotice() {
  const lost = useStore((s) => s.connectionLost);
  if (!lost) return null;
  return (
    <span className="helper-notice" data-testid="connection-lost" role="alert" title={lost}>
      {lost}
    </span>
  );
}

function HelperNotice() {
  const helper = useStore((s) => s.helperState);
  const lost = useStore((s) => !!s.connectionLost);
  if (lost || (helper.state !== 'failed' && helper.state !== 'exited')) return null;
  return (
    <span className="helper-notice" data-testid="helper-state" data-state={helper.state} title={helper.message}>
      helper {helper.state}: {helper.message}
      <button type="button" data-testid="btn-restart-helper" onClick={() => void restartHelper()}>
        Restart helper
      </button>
    </span>
  );
}

function DocumentTitle() {
  const name = useStore((s) => s.topology.name);
  const path = useStore((s) => s.path);
  const dirty = useStore((s) => s.dirty);
  return (
    <span className="document-name" data-testid="document-name" data-dirty={dirty} title={path ?? 'not saved yet'}>
      {path ? path.split('/').pop() : name}
      {dirty && ' •'}
    </span>
  );
}

interface ButtonSpec {
  name: CommandName;
  testId: string;
  text: string;
}

const OPEN_BUTTONS: ButtonSpec[] = [
  { name: 'new', testId: 'btn-new', text: 'New' },
  { name: 'open', testId: 'btn-open', text: 'Open' },
];

const SAVE_BUTTONS: ButtonSpec[] = [
  { name: 'save', testId: 'btn-save', text: 'Save' },
  { name: 'saveAs', testId: 'btn-save-as', text: 'Save as' },
];

const VIEW_BUTTONS: ButtonSpec[] = [
  { name: 'autoLayout', testId: 'btn-layout', text: 'Layout' },
  { name: 'zoomToFit', testId: 'btn-fit', text: 'Fit' },
  { name: 'exportImage', testId: 'btn-export', text: 'Export PNG' },
];

const buttons = (specs: ButtonSpec[]) =>
  specs.map(({ name, testId, text }) => (
    <CommandButton key={name} name={name} testId={testId}>
      {text}
    </CommandButton>
  ));

export function Toolbar() {
  const canUndo = useStore((s) => s.past.length > 0);
  const canRedo = useStore((s) => s.future.length > 0);
  return (
    <header className="toolbar">
      <button
        type="button"
        className="brand"
        data-testid="btn-home"
        title="Samples and recent files"
        onClick={() => void showStartScreen()}
      >
        vnet
      </button>
      <div className="group">
        {buttons(OPEN_BUTTONS)}
        <RecentMenu />
        {buttons(SAVE_BUTTONS)}
      </div>
      <div className="group">
        <CommandButton name="undo" testId="btn-undo" disabled={!canUndo}>
          ↶
        </CommandButton>
        <CommandButton name="redo" testId="btn-redo" disabled={!canRedo}>
          ↷
        </CommandButton>
        {buttons(VIEW_BUTTONS)}
      </div>
      <DocumentTitle />
      <ConnectionNotice />
      <HelperNotice />
      <NetworkControls />
    </header>
  );
}
