/**
 * A text field bound to the document through a checked edit: what is typed
 * is checked at once (the error shows inline), and applied when typing
 * pauses, on Enter or on leaving the field, only if valid.
 */
import { useEffect, useRef, useState } from 'react';
import type { EditResult } from '../actions/properties.js';
import { applyEdit } from '../actions/properties.js';
import { dispatch } from '../store/index.js';

/** Pause in typing after which a valid value is applied. */
const APPLY_DELAY_MS = 400;

export interface FieldProps {
  field: string;
  label: string;
  unit?: string;
  value: string;
  placeholder?: string;
  /** Checks the text against the current document. */
  edit(text: string): EditResult;
}

export function Field({ field, label, unit, value, placeholder, edit }: FieldProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (text: string) => {
    clearTimeout(timer.current);
    const result = edit(text);
    if (!result.ok) return setError(result.error);
    dispatch(applyEdit, result.topology);
    setDraft(undefined);
    setError(undefined);
  };

  const onChange = (text: string) => {
    setDraft(text);
    const result = edit(text);
    setError(result.ok ? undefined : result.error);
    clearTimeout(timer.current);
    if (result.ok) timer.current = setTimeout(() => commit(text), APPLY_DELAY_MS);
  };

  const id = `prop-${field}`;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-input">
        <input
          id={id}
          data-testid={id}
          value={draft ?? value}
          placeholder={placeholder}
          spellCheck={false}
          aria-invalid={!!error}
          onChange={(e) => onChange(e.target.value)}
          onBlur={() => draft !== undefined && commit(draft)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && draft !== undefined) commit(draft);
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
