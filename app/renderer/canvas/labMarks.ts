/** How the lab marks a node or link on the canvas: greyed when it locks it, glowing while a failing check it is about is pointed at. */
import { isLocked, type LockTarget } from '../../../common/lab/locks.js';
import { useStore } from '../store/index.js';

export interface LabMarks {
  locked: boolean;
  focus: boolean;
  /** The classes to add (each with its leading space), '' when neither. */
  className: string;
}

export function useLabMarks(target: LockTarget): LabMarks {
  const locked = useStore((s) => isLocked(s.topology.lab, target));
  const focus = useStore((s) =>
    'node' in target ? s.labHighlight.nodes.includes(target.node) : s.labHighlight.links.includes(target.link),
  );
  return { locked, focus, className: `${locked ? ' locked' : ''}${focus ? ' lab-focus' : ''}` };
}
