/** The repository checkout this harness belongs to (the guest sees it at the same path). */
export const repoRoot: string = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
