/** A small SVG plot of two series (in and out) sharing one vertical scale. */
import { memo } from 'react';

export interface SparklineProps {
  series: readonly { values: readonly number[]; colour: string }[];
  /** Points across the width (older points scroll off the left). */
  capacity: number;
  width?: number;
  height?: number;
}

function pathOf(values: readonly number[], capacity: number, max: number, width: number, height: number): string {
  const step = width / Math.max(1, capacity - 1);
  const offset = capacity - values.length;
  return values
    .map(
      (v, i) =>
        `${i ? 'L' : 'M'}${((offset + i) * step).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`,
    )
    .join(' ');
}

export const Sparkline = memo(function Sparkline({ series, capacity, width = 240, height = 48 }: SparklineProps) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img">
      {series.map((s, i) => (
        <path
          key={i}
          d={pathOf(s.values, capacity, max, width, height)}
          stroke={s.colour}
          strokeWidth={1.5}
          fill="none"
        />
      ))}
    </svg>
  );
});
