/** The last error, until dismissed or replaced. */
import { setState, useStore } from '../store/index.js';

export function ErrorBanner() {
  const error = useStore((s) => s.error);
  if (!error) return null;
  return (
    <div className="error-banner" data-testid="error-banner" role="alert">
      <pre>{error}</pre>
      <button
        type="button"
        data-testid="error-dismiss"
        aria-label="Dismiss"
        onClick={() => setState({ error: undefined })}
      >
        ✕
      </button>
    </div>
  );
}
