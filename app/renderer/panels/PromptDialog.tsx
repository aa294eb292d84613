/** The command dialog (Run command), a check's text (Add check), and questions answered by a button (unsaved edits, attaching). */
import { useState } from 'react';
import { usePrompt, type PromptRequest } from '../services/prompt.js';

const PLACEHOLDERS: Record<PromptRequest['kind'], string> = {
  command: 'ping -c 3 h2',
  text: '',
  choice: '',
};

/** The buttons of a choice, the first the default (Enter); Cancel last. */
function ChoiceButtons({ request }: { request: PromptRequest }) {
  return (
    <>
      <p className="modal-message">{request.message}</p>
      <div className="modal-buttons">
        <button type="button" data-testid="choice-cancel" onClick={() => request.resolve(null)}>
          Cancel
        </button>
        {request.choices?.map((choice, i) => (
          <button
            key={choice.value}
            type={i === 0 ? 'submit' : 'button'}
            className={i === 0 ? 'primary' : undefined}
            data-testid={`choice-${choice.value}`}
            autoFocus={i === 0}
            onClick={i === 0 ? undefined : () => request.resolve(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </>
  );
}

function TextInput({ request }: { request: PromptRequest }) {
  const [value, setValue] = useState(request.initial);
  return (
    <>
      <input
        autoFocus
        name="value"
        data-testid={`${request.kind}-input`}
        value={value}
        spellCheck={false}
        placeholder={PLACEHOLDERS[request.kind]}
        onChange={(e) => setValue(e.target.value)}
      />
      <div className="modal-buttons">
        <button type="button" data-testid={`${request.kind}-cancel`} onClick={() => request.resolve(null)}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid={`${request.kind}-ok`}>
          OK
        </button>
      </div>
    </>
  );
}

function Dialog({ request }: { request: PromptRequest }) {
  const choice = request.kind === 'choice';
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && request.resolve(null)}>
      <form
        className="modal"
        role="dialog"
        aria-label={request.title}
        data-testid={`${request.kind}-dialog`}
        onKeyDown={(e) => e.key === 'Escape' && request.resolve(null)}
        onSubmit={(e) => {
          e.preventDefault();
          const typed = new FormData(e.currentTarget).get('value');
          request.resolve(choice ? (request.choices?.[0]?.value ?? null) : String(typed ?? '').trim() || null);
        }}
      >
        <h3>{request.title}</h3>
        {choice ? <ChoiceButtons request={request} /> : <TextInput request={request} />}
      </form>
    </div>
  );
}

export function PromptDialog() {
  const request = usePrompt((s) => s.request);
  return request ? <Dialog key={request.title + request.kind} request={request} /> : null;
}
