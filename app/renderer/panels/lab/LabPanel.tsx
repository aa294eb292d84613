/**
 * The Lab panel, shown while the document has a lab: its instructions and
 * its tasks as a live checklist with the score (the checks run while the
 * network runs: services/lab.ts), in the student's view or the author's
 * (who adds checks from the canvas's menus and may remove them here).
 */
import type { Lab } from '../../../../common/lab/schema.js';
import { commands } from '../../services/commands.js';
import { getState, useStore } from '../../store/index.js';
import type { LabMode, LabTab } from '../../store/lab.js';
import { Checklist, labScore } from './Checklist.js';
import { Markdown } from './Markdown.js';
import './lab.css';

const TABS: Record<LabTab, string> = { instructions: 'Instructions', tasks: 'Tasks' };
const MODES: Record<LabMode, string> = { student: 'Student', author: 'Author' };

function Progress({ earned, points, percent }: { earned: number; points: number; percent: number }) {
  return (
    <div
      className="lab-progress"
      data-testid="lab-progress"
      data-percent={percent}
      data-earned={earned}
      data-points={points}
    >
      <div className="lab-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="lab-bar-done" style={{ width: `${percent}%` }} />
      </div>
      <span>
        {earned} / {points} points · <b>{percent} %</b>
      </span>
    </div>
  );
}

/** Where the lab stands: checks not running, or could not run. */
function Status() {
  const running = useStore((s) => s.networkState === 'running');
  const problem = useStore((s) => s.labProblem);
  if (problem)
    return (
      <p className="notice" role="alert" data-testid="lab-problem">
        {problem}
      </p>
    );
  return running ? null : <p className="hint">Start the network: the checks run while it runs.</p>;
}

function Switch<K extends string>({
  options,
  value,
  choose,
  testId,
}: {
  options: Record<K, string>;
  value: K;
  choose(key: K): void;
  testId: string;
}) {
  return (
    <div className="lab-switch" role="tablist">
      {(Object.keys(options) as K[]).map((key) => (
        <button
          key={key}
          type="button"
          role="tab"
          aria-selected={value === key}
          data-testid={`${testId}-${key}`}
          onClick={() => choose(key)}
        >
          {options[key]}
        </button>
      ))}
    </div>
  );
}

function LabBody({ lab }: { lab: Lab }) {
  const tab = useStore((s) => s.labTab);
  const mode = useStore((s) => s.labMode);
  const labOutcomes = useStore((s) => s.labOutcomes);
  const score = labScore(lab, { labOutcomes });
  return (
    <aside className="lab-panel" data-testid="lab-panel" data-mode={mode}>
      <header>
        <h2 data-testid="lab-title">{lab.title}</h2>
        <Switch options={MODES} value={mode} choose={(m) => getState().setLabMode(m)} testId="lab-mode" />
      </header>
      <Progress earned={score.earned} points={score.points} percent={score.percent} />
      <Status />
      <Switch options={TABS} value={tab} choose={(t) => getState().showLabTab(t)} testId="lab-tab" />
      <div className="lab-content">
        {tab === 'instructions' ? (
          <Markdown text={lab.instructions || '*No instructions.*'} testId="lab-instructions" />
        ) : (
          <Checklist lab={lab} score={score} />
        )}
      </div>
      {mode === 'author' && (
        <div className="actions">
          <button type="button" data-testid="btn-export-student" onClick={() => void commands.exportStudentCopy.run()}>
            {commands.exportStudentCopy.label}
          </button>
        </div>
      )}
    </aside>
  );
}

export function LabPanel() {
  const lab = useStore((s) => s.topology.lab);
  return lab ? <LabBody lab={lab} /> : null;
}
