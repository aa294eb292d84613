/** The path dialog (web mode's Open/Save As), the command dialog (Run command), a check's text (Add check) and the discard question. */
import { useState } from 'react';
import { usePrompt, type PromptRequest } from '../services/prompt.js';

const PLACEHOLDERS: Record<PromptRequest['kind'], string> = {
  path: '/home/me/network.json',
  command: 'ping -c 3 h2',
  text: '',
  confirm: '',
};

function Dialog({ request }: { request: PromptRequest }) {
  const [value, setValue] = useState(request.initial);
  const id = request.kind;
  const asksText = request.kind !== 'confirm';
  const submit = () => request.resolve(asksText ? value.trim() || null : 'yes');
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && request.resolve(null)}>
      <form
        className="modal"
        role="dialog"
        aria-label={request.title}
        data-testid={`${id}-dialog`}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h3>{request.title}</h3>
        {asksText && (
          <input
            autoFocus
            data-testid={`${id}-input`}
            value={value}
            spellCheck={false}
            placeholder={PLACEHOLDERS[request.kind]}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && request.resolve(null)}
          />
        )}
        <div className="modal-buttons">
          <button type="button" data-testid={`${id}-cancel`} onClick={() => request.resolve(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid={`${id}-ok`} autoFocus={!asksText}>
            {asksText ? 'OK' : 'Discard'}
          </button>
        </div>
      </form>
    </div>
  );
}

export function PromptDialog() {
  const request = usePrompt((s) => s.request);
  return request ? <Dialog key={request.title + request.kind} request={request} /> : null;
}
