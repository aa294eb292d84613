/**
 * The lab's tasks as a checklist scored by scoreLab (common/lab/score.ts):
 * each check ticks when the helper's last answer says it passes; a failing
 * one says what was found, offers its hint on demand, and highlights what it
 * is about on the canvas while pointed at or chosen.
 */
import type { CheckOutcome } from '../../../../common/checks/schema.js';
import type { GradedCheck, Lab } from '../../../../common/lab/schema.js';
import { scoreLab, type CheckScore, type LabScore } from '../../../../common/lab/score.js';
import { removeCheck } from '../../actions/lab.js';
import { getState, useStore, type State } from '../../store/index.js';
import { gradedChecks, outcomeOf } from '../../store/lab.js';
import { Markdown } from './Markdown.js';

/** A check the helper has not answered yet (the network is stopped, or it was just edited). */
const UNANSWERED: CheckOutcome = { ok: false, seen: '' };

/** The lab's score from the last answers. */
export const labScore = (lab: Lab, state: Pick<State, 'labOutcomes'>): LabScore =>
  scoreLab(
    lab,
    gradedChecks(lab).map((check) => outcomeOf(state, check) ?? UNANSWERED),
  );

function CheckRow({ index, check, score }: { index: number; check: GradedCheck; score: CheckScore }) {
  const chosen = useStore((s) => s.labChosen === index && !s.selectedNodes.length && !s.selectedLinks.length);
  const hintShown = useStore((s) => s.labHints.includes(index));
  const authoring = useStore((s) => s.labMode === 'author');
  const concealed = check.hidden === true && !score.ok;
  return (
    <li
      className={`lab-check${score.ok ? ' ok' : ''}${chosen ? ' chosen' : ''}`}
      data-testid={`lab-check-${index}`}
      data-ok={score.ok}
      aria-selected={chosen}
      onMouseEnter={() => getState().pointAtCheck(index)}
      onMouseLeave={() => getState().pointAtCheck(undefined)}
      onClick={() => getState().chooseCheck(index)}
    >
      <span className="lab-tick" aria-label={score.ok ? 'passes' : 'not yet'}>
        {score.ok ? '✓' : '○'}
      </span>
      <div className="lab-check-text">
        <span className={concealed ? 'muted' : undefined}>{score.title}</span>
        <span className="lab-points">
          {score.points} {score.points === 1 ? 'point' : 'points'}
        </span>
        {!score.ok && score.seen && <div className="lab-seen">{score.seen}</div>}
        {hintShown && score.hint && !concealed && (
          <div className="lab-hint" data-testid={`lab-hint-${index}`}>
            {score.hint}
          </div>
        )}
      </div>
      {score.hint && !score.ok && !concealed && (
        <button
          type="button"
          className="small"
          data-testid={`lab-hint-button-${index}`}
          aria-pressed={hintShown}
          onClick={(e) => {
            e.stopPropagation();
            getState().toggleHint(index);
          }}
        >
          Hint
        </button>
      )}
      {authoring && (
        <button
          type="button"
          className="small"
          title="Remove this check"
          data-testid={`lab-check-remove-${index}`}
          onClick={(e) => {
            e.stopPropagation();
            getState().perform(removeCheck, index);
          }}
        >
          ✕
        </button>
      )}
    </li>
  );
}

export function Checklist({ lab, score }: { lab: Lab; score: LabScore }) {
  let next = 0;
  return (
    <ol className="lab-tasks" data-testid="lab-tasks">
      {lab.tasks.map((task, t) => {
        const taskScore = score.tasks[t];
        return (
          <li key={t} className="lab-task" data-testid={`lab-task-${t}`}>
            <h4>
              {task.title}
              <span className="lab-points">
                {taskScore?.earned ?? 0} / {taskScore?.points ?? 0}
              </span>
            </h4>
            {task.text && <Markdown text={task.text} />}
            <ul className="lab-checks">
              {task.checks.map((check, c) => {
                const index = next++;
                const checkScore = taskScore?.checks[c];
                return checkScore && <CheckRow key={index} index={index} check={check} score={checkScore} />;
              })}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
