/** The first screen: bundled samples, recent files, recovery of unsaved edits, or an empty network. */
import { newDocument, openDocument, openPath, openSample, recoverDraft } from '../services/files.js';
import { getState, useStore } from '../store/index.js';

export function StartScreen() {
  const samples = useStore((s) => s.samples);
  const recent = useStore((s) => s.recent);
  const draft = useStore((s) => s.draft);
  const drawing = useStore((s) =>
    s.path || s.topology.nodes.length ? (s.path?.split('/').pop() ?? s.topology.name) : undefined,
  );
  return (
    <main className="start-screen" data-testid="start-screen">
      <h1>vnet</h1>
      <p className="lead">Draw a network, press Start, and get it for real inside your kernel.</p>
      {draft && (
        <div className="notice recover">
          Unsaved edits of <b>{draft.path ?? draft.topology.name}</b> were found.{' '}
          <button type="button" className="primary" data-testid="btn-recover-draft" onClick={() => void recoverDraft()}>
            Recover them
          </button>
        </div>
      )}
      <div className="start-columns">
        <section>
          <h2>Start</h2>
          {drawing && (
            <button type="button" className="card" data-testid="btn-back" onClick={() => getState().showDrawing(true)}>
              <b>Back to {drawing}</b>
              <span>The drawing you were working on, as you left it.</span>
            </button>
          )}
          <button type="button" className="card" data-testid="btn-new-empty" onClick={() => void newDocument()}>
            <b>Empty network</b>
            <span>Drag hosts and switches onto a blank canvas.</span>
          </button>
          <button type="button" className="card" data-testid="start-open" onClick={() => void openDocument()}>
            <b>Open a file…</b>
            <span>A topology document (.json).</span>
          </button>
        </section>
        <section>
          <h2>Samples</h2>
          {samples.map((sample) => (
            <button
              type="button"
              className="card"
              key={sample.id}
              data-testid={`sample-${sample.id}`}
              onClick={() => void openSample(sample.id)}
            >
              <b>{sample.title}</b>
              <span>{sample.description}</span>
            </button>
          ))}
        </section>
        {recent.length > 0 && (
          <section>
            <h2>Recent</h2>
            {recent.map((path, i) => (
              <button
                type="button"
                className="card recent"
                key={path}
                data-testid={`recent-${i}`}
                data-path={path}
                onClick={() => void openPath(path)}
              >
                <b>{path.split('/').pop()}</b>
                <span>{path}</span>
              </button>
            ))}
          </section>
        )}
      </div>
    </main>
  );
}
