/**
 * A text field bound to the document through a checked edit: what is typed
 * is checked at once (the error shows inline), and committed when typing
 * pauses, on Enter or on leaving the field, only if valid. This pause is the
 * only wait between typing and a running network applying the edit.
 */
import { useEffect, useRef, useState } from 'react';
import { editProperties, type Edit, type EditResult } from '../actions/properties.js';
import { getState } from '../store/index.js';

/** Pause in typing after which a valid value is committed. */
const COMMIT_DELAY_MS = 400;

export interface FieldProps {
  field: string;
  label: string;
  unit?: string;
  value: string;
  placeholder?: string;
  /** Locked by the lab: shown, not editable. */
  readOnly?: boolean;
  /** Several lines (a configuration file): Enter breaks the line, the pause or leaving commits. */
  multiline?: boolean;
  /** The edit this text makes, as a function of the document. */
  edit(text: string): Edit;
}

export function Field({ field, label, unit, value, placeholder, readOnly, multiline, edit }: FieldProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  /** The typed text's check, kept so that committing it does not check it again. */
  const typed = useRef<{ text: string; result: EditResult }>(undefined);
  const check = (text: string): EditResult => {
    if (typed.current?.text !== text) typed.current = { text, result: edit(text)(getState().topology) };
    return typed.current.result;
  };

  const commit = (text: string) => {
    clearTimeout(timer.current);
    const result = check(text);
    if (!result.ok) return setError(result.error);
    getState().perform(editProperties, { edit: edit(text), checked: result });
    typed.current = undefined;
    setDraft(undefined);
    setError(undefined);
  };

  const onChange = (text: string) => {
    setDraft(text);
    const result = check(text);
    setError(result.ok ? undefined : result.error);
    clearTimeout(timer.current);
    if (result.ok) timer.current = setTimeout(() => commit(text), COMMIT_DELAY_MS);
  };

  const id = `prop-${field}`;
  const Input = multiline ? 'textarea' : 'input';
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-input">
        <Input
          id={id}
          data-testid={id}
          value={draft ?? value}
          placeholder={placeholder}
          readOnly={readOnly}
          title={readOnly ? 'Locked by the lab' : undefined}
          spellCheck={false}
          aria-invalid={!!error}
          onChange={(e) => onChange(e.target.value)}
          onBlur={() => draft !== undefined && commit(draft)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !multiline && draft !== undefined) commit(draft);
            if (e.key === 'Escape') {
              setDraft(undefined);
              setError(undefined);
            }
          }}
        />
        {unit && <span className="unit">{unit}</span>}
      </div>
      {error && (
        <div className="field-error" data-testid={`prop-error-${field}`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

export interface ChoiceProps {
  field: string;
  label: string;
  value: string;
  /** Each choice's value and what people read for it. */
  options: readonly { value: string; label: string }[];
  edit(value: string): Edit;
}

/** A choice among a few values, committed as soon as it is made (checked like a typed field). */
export function Choice({ field, label, value, options, edit }: ChoiceProps) {
  const [error, setError] = useState<string | undefined>(undefined);
  const choose = (chosen: string) => {
    const result = edit(chosen)(getState().topology);
    setError(result.ok ? undefined : result.error);
    if (result.ok) getState().perform(editProperties, { edit: edit(chosen), checked: result });
  };
  const id = `prop-${field}`;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value} onChange={(e) => choose(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <div className="field-error" data-testid={`prop-error-${field}`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
