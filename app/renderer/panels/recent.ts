/** How recent files are named in menus: the file name, and its folder when two files share a name. */
const baseName = (path: string) => path.split('/').pop() || path;
const folderName = (path: string) => path.split('/').slice(-2, -1)[0] ?? '';

export interface RecentEntry {
  path: string;
  label: string;
}

export function recentEntries(paths: readonly string[]): RecentEntry[] {
  const counts = new Map<string, number>();
  paths.forEach((p) => counts.set(baseName(p), (counts.get(baseName(p)) ?? 0) + 1));
  return paths.map((path) => {
    const name = baseName(path);
    const folder = folderName(path);
    return { path, label: (counts.get(name) ?? 0) > 1 && folder ? `${name} — ${folder}` : name };
  });
}
