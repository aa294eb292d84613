/** Compact figures for counters: 1234 → "1.2k". */
export function compact(value: number): string {
  const units = ['', 'k', 'M', 'G', 'T'];
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 1000 && unit < units.length - 1) {
    v /= 1000;
    unit++;
  }
  const digits = unit === 0 || Math.abs(v) >= 100 ? 0 : 1;
  return `${v.toFixed(digits)}${units[unit]}`;
}
