/**
 * Merges the TAP streams of several guest runs into one: results renumbered
 * in order, each name prefixed with its kernel (`ok 3 - [6.12] p2p ping`),
 * other lines kept as comments, one plan at the end.
 */
const result = /^(not )?ok\b\s*\d*\s*(?:-\s*)?(.*)$/;
const plan = /^1\.\.(\d+)/;

export class TapMerger {
  private count = 0;
  private failedCount = 0;

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  get failed(): number {
    return this.failedCount;
  }

  /** Adds one result of the merged stream. */
  report(ok: boolean, name: string): void {
    this.count++;
    if (!ok) this.failedCount++;
    this.write(`${ok ? 'ok' : 'not ok'} ${this.count} - ${name}`);
  }

  /** Feeds the TAP output of one run, line by line; `label` prefixes its test names. */
  stream(label: string): TapStream {
    return new TapStream(label, this, this.write);
  }

  /** Prints the plan; returns the number of failed tests. */
  finish(): number {
    this.write(`1..${this.count}`);
    return this.failedCount;
  }
}

/** One run's TAP: counts what it planned and what it reported, so a cut-short run is visible. */
export class TapStream {
  private partial = '';
  planned: number | undefined;
  reported = 0;
  failedHere = 0;

  constructor(
    private readonly label: string,
    private readonly merger: TapMerger,
    private readonly write: (line: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    lines.forEach((line) => this.line(line));
  }

  /** Flushes a last unterminated line. */
  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  private line(raw: string): void {
    const line = raw.replace(/\r$/, '');
    const planMatch = plan.exec(line);
    if (planMatch) {
      this.planned = (this.planned ?? 0) + Number(planMatch[1]); // several runs, several plans
      return;
    }
    const match = result.exec(line);
    if (!match) {
      if (line.trim()) this.write(line.startsWith('#') ? line : `# ${line}`);
      return;
    }
    this.reported++;
    if (match[1]) this.failedHere++;
    this.merger.report(!match[1], `[${this.label}] ${match[2]}`);
  }
}
