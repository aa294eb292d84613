/**
 * File, edit and view buttons; Start/Stop with the network's state and backend, always visible.
 * Every button is a command of services/commands.ts: its icon, its name (aria-label) and a
 * tooltip with the shortcut the menu shows too.
 */
import { describeKeys } from '../actions/action.js';
import { Icon } from '../icons/index.js';
import { sentence } from '../lib/sentences.js';
import { commands, type Command, type CommandName } from '../services/commands.js';
import { showStartScreen } from '../services/files.js';
import { restartHelper } from '../services/network.js';
import { useStore } from '../store/index.js';
import { RecentMenu } from './RecentMenu.js';

/** `Save (Ctrl+S)`: the command's label and its first shortcut. */
function tooltip(command: Command): string {
  const keys = describeKeys(command.keys);
  return keys ? `${command.label} (${keys})` : command.label;
}

/** A command's button: its icon alone, or beside its label where `labelled` (or it has no icon). */
export function CommandButton({
  name,
  testId,
  disabled,
  labelled,
  primary,
}: {
  name: CommandName;
  testId: string;
  disabled?: boolean;
  labelled?: boolean;
  primary?: boolean;
}) {
  const command: Command = commands[name];
  return (
    <button
      type="button"
      className={['command', primary && 'primary'].filter(Boolean).join(' ')}
      data-testid={testId}
      disabled={disabled}
      aria-label={command.label}
      title={tooltip(command)}
      onClick={() => void command.run()}
    >
      {command.icon && <Icon name={command.icon} />}
      {(labelled || !command.icon) && <span>{command.label}</span>}
    </button>
  );
}

function NetworkControls() {
  const state = useStore((s) => s.networkState);
  const backend = useStore((s) => s.backend);
  const preferred = useStore((s) => s.helperVersion?.preferred);
  // Why starting failed can be the helper's raw error.
  const reason = useStore((s) => s.networkReason && sentence(s.networkReason));
  const empty = useStore((s) => s.topology.nodes.length === 0);
  const attached = useStore((s) => !!s.running);
  const busy = state === 'starting' || state === 'stopping' || state === 'disconnected';
  return (
    <div className="network-controls">
      <CommandButton
        name="startNetwork"
        testId="btn-start"
        labelled
        primary
        disabled={busy || state === 'running' || empty}
      />
      <CommandButton name="stopNetwork" testId="btn-stop" labelled disabled={busy || state === 'stopped'} />
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

/** Toolbar buttons by command, with their test ids (TESTIDS.md). */
type ButtonSpec = [CommandName, string];

const OPEN_BUTTONS: ButtonSpec[] = [
  ['new', 'btn-new'],
  ['open', 'btn-open'],
];
const SAVE_BUTTONS: ButtonSpec[] = [
  ['save', 'btn-save'],
  ['saveAs', 'btn-save-as'],
];
const VIEW_BUTTONS: ButtonSpec[] = [
  ['autoLayout', 'btn-layout'],
  ['zoomToFit', 'btn-fit'],
  ['exportImage', 'btn-export'],
];

const buttons = (specs: ButtonSpec[]) =>
  specs.map(([name, testId]) => <CommandButton key={name} name={name} testId={testId} />);

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
        <CommandButton name="undo" testId="btn-undo" disabled={!canUndo} />
        <CommandButton name="redo" testId="btn-redo" disabled={!canRedo} />
        {buttons(VIEW_BUTTONS)}
      </div>
      <DocumentTitle />
      <ConnectionNotice />
      <HelperNotice />
      <NetworkControls />
    </header>
  );
}
