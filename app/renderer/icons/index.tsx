/**
 * Our own icons: 24×24 line drawings stroked in the current colour, so a
 * button's icon follows its text colour (disabled, primary, hover). The
 * toolbar's come by command (services/commands.ts `icon`); the canvas's node
 * kinds draw through LineIcon too (canvas/icons.tsx).
 */

const PATHS = {
  // A page with a plus.
  new: 'M6 3h8l4 4v14H6z M14 3v4h4 M12 11v6 M9 14h6',
  // An open folder.
  open: 'M3 6h6l2 2h10v11H3z M3 11h18',
  // A clock.
  recent: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M12 7v5l3 2',
  chevronDown: 'M7 10l5 5 5-5',
  // A floppy disk.
  save: 'M5 3h11l3 3v15H5z M8 3v5h7V3 M8 21v-7h8v7',
  // A floppy disk with a pencil.
  saveAs: 'M12 21H5V3h11l3 3v4 M8 3v5h7V3 M8 21v-7h4 M14 21v-2.5l5-5 2.5 2.5-5 5z',
  undo: 'M9 14L4 9l5-5 M4 9h10a6 6 0 0 1 0 12h-3',
  redo: 'M15 14l5-5-5-5 M20 9H10a6 6 0 0 0 0 12h3',
  // Three boxes in a tree.
  layout: 'M9 3h6v5H9z M3 16h6v5H3z M15 16h6v5h-6z M12 8v4 M6 16v-4h12v4',
  // Four corners pointing out.
  fit: 'M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5',
  // A picture with a mountain and a sun.
  image: 'M3 5h18v14H3z M3 16l5-5 4 4 3-3 6 6 M15.5 9h.01',
  start: 'M7 4l12 8-12 8z',
  stop: 'M6 6h12v12H6z',
} as const;

export type IconName = keyof typeof PATHS;

/** Shapes drawn solid: a play triangle and a stop square read as controls only when filled. */
const FILLED: ReadonlySet<IconName> = new Set(['start', 'stop']);

export function LineIcon({ d, size = 18, filled = false }: { d: string; size?: number; filled?: boolean }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d={d} />
    </svg>
  );
}

export function Icon({ name, size }: { name: IconName; size?: number }) {
  return <LineIcon d={PATHS[name]} size={size} filled={FILLED.has(name)} />;
}
