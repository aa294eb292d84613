/**
 * Banners above the workspace, each until dismissed or replaced: the last
 * error, and what the last apply could not build as drawn (the helper's
 * warnings, e.g. a delay on a kernel without netem).
 */
import { memo } from 'react';
import { getState, useStore } from '../store/index.js';

interface BannerProps {
  kind: 'error' | 'warning';
  text: string;
  onDismiss: () => void;
}

const Banner = memo(function Banner({ kind, text, onDismiss }: BannerProps) {
  return (
    <div
      className={`banner banner-${kind}`}
      data-testid={`${kind}-banner`}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      <pre>{text}</pre>
      <button type="button" data-testid={`${kind}-dismiss`} aria-label="Dismiss" onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
});

const dismissError = () => getState().reportError(undefined);
const dismissWarnings = () => getState().dismissWarnings();

export function ErrorBanner() {
  const error = useStore((s) => s.error);
  return error ? <Banner kind="error" text={error} onDismiss={dismissError} /> : null;
}

export function WarningBanner() {
  const warnings = useStore((s) => s.warnings);
  return warnings.length ? <Banner kind="warning" text={warnings.join('\n')} onDismiss={dismissWarnings} /> : null;
}
