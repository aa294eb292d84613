/**
 * The chosen check of the lab in the Properties panel: what the lab adds
 * (title, points, hint, hidden) and the fields of its kind, as listed by
 * CHECK_SHAPES. Each edit is checked by the lab's schema and is one undo step.
 */
import { describeCheck } from '../../../../common/checks/describe.js';
import { CHECK_SHAPES } from '../../../../common/checks/schema.js';
import { GRADING_FIELDS, type GradedCheck } from '../../../../common/lab/schema.js';
import { checkFieldEdit, checkFieldForm, checkFieldText } from '../../actions/lab.js';
import { editProperties } from '../../actions/properties.js';
import { getState, useStore } from '../../store/index.js';
import { gradedChecks } from '../../store/lab.js';
import { Field } from '../Field.js';

const LABELS: Record<string, string> = { title: 'Title (what the checklist says)', argv: 'Command (words)' };
/** Yes/no fields say what ticking them means. */
const FLAG_LABELS: Record<string, string> = {
  hidden: 'Hidden until it passes',
  expect: 'Must get through (untick: must not)',
  up: 'The link is up (untick: cut)',
};

function Flag({ index, check, field }: { index: number; check: GradedCheck; field: string }) {
  const value = (check as Record<string, unknown>)[field] === true;
  const toggle = () => {
    const edit = checkFieldEdit(index, field, String(!value));
    const checked = edit(getState().topology);
    if (checked.ok) getState().perform(editProperties, { edit, checked });
    else getState().reportError(checked.error);
  };
  return (
    <label className="field flag">
      <input type="checkbox" data-testid={`prop-check-${field}`} checked={value} onChange={toggle} />{' '}
      {FLAG_LABELS[field] ?? field}
    </label>
  );
}

function CheckField({ index, check, field }: { index: number; check: GradedCheck; field: string }) {
  if (checkFieldForm(check.kind, field) === 'flag') return <Flag index={index} check={check} field={field} />;
  return (
    <Field
      field={`check-${field}`}
      label={LABELS[field] ?? field}
      value={checkFieldText(check, field)}
      placeholder={field === 'title' ? describeCheck(check) : undefined}
      edit={(text) => checkFieldEdit(index, field, text)}
    />
  );
}

export function CheckProperties({ index }: { index: number }) {
  const check = useStore((s) => s.topology.lab && gradedChecks(s.topology.lab)[index]);
  if (!check) return <p className="hint">That check is no longer in the lab.</p>;
  const fields = [...GRADING_FIELDS, ...Object.keys(CHECK_SHAPES[check.kind])];
  return (
    <div data-testid="check-properties">
      <h2>
        <span className="kind">{check.kind} check</span> <span className="muted">{index + 1}</span>
      </h2>
      {fields.map((field) => (
        <CheckField key={field} index={index} check={check} field={field} />
      ))}
    </div>
  );
}
