/** The designer's window: toolbar, palette, canvas, the lab, properties and stats, terminal dock. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas.js';
import { ErrorBanner, WarningBanner } from './panels/ErrorBanner.js';
import { FileDialog } from './panels/FileDialog.js';
import { LabPanel } from './panels/lab/LabPanel.js';
import { Palette } from './panels/Palette.js';
import { PromptDialog } from './panels/PromptDialog.js';
import { Properties } from './panels/Properties.js';
import { ScenarioPanel } from './panels/ScenarioPanel.js';
import { StartScreen } from './panels/StartScreen.js';
import { StatsPanel } from './panels/StatsPanel.js';
import { Toolbar } from './panels/Toolbar.js';
import { api } from './services/api.js';
import { followCaptures } from './services/capture.js';
import { available, commandForKey, commands, MENU_COMMANDS, type Command } from './services/commands.js';
import { keepDrafts, openPath, reflectDocumentState, startUp } from './services/files.js';
import { followLab } from './services/lab.js';
import { followRoutes } from './services/routing.js';
import { followNetwork } from './services/network.js';
import { followProcesses } from './services/terminals.js';
import { useFileDialog } from './services/fileDialog.js';
import { usePrompt } from './services/prompt.js';
import { getState, useStore } from './store/index.js';
import { TerminalDock } from './terminals/TerminalDock.js';

/** Keys typed into a field or a terminal belong to it, not to the canvas. */
function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function onKeyDown(event: KeyboardEvent): void {
  if (typingIn(event.target) || usePrompt.getState().request || useFileDialog.getState().request) return;
  const command = commandForKey(event, getState());
  if (!command) return;
  event.preventDefault();
  void command.run();
}

export function App() {
  const documentOpen = useStore((s) => s.documentOpen);

  useEffect(() => {
    const started = startUp();
    const stops = [
      followNetwork(started),
      followCaptures(),
      followProcesses(),
      followLab(),
      followRoutes(),
      keepDrafts(),
      reflectDocumentState(),
      api().onMenu((menu, path) => {
        if (menu === 'open-recent') {
          if (path) void openPath(path);
          return;
        }
        const command: Command = commands[MENU_COMMANDS[menu]];
        if (available(command, getState())) void command.run();
      }),
    ];
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      stops.forEach((stop) => stop());
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <ErrorBanner />
        <WarningBanner />
        {documentOpen ? (
          <div className="workspace">
            <Palette />
            <div className="centre">
              <Canvas />
              <TerminalDock />
            </div>
            <LabPanel />
            <div className="side">
              <Properties />
              <ScenarioPanel />
              <StatsPanel />
            </div>
          </div>
        ) : (
          <StartScreen />
        )}
        <FileDialog />
        <PromptDialog />
      </div>
    </ReactFlowProvider>
  );
}
