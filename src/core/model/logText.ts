// Container logs as plain text for an editor document: colours and terminal control sequences removed, other
// control characters made visible, and a bounded number of lines kept.

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** One log line as safe plain text: no escape sequences, no bidi overrides, other control characters as �. */
export function plainLogLine(line: string): string {
  return line.replace(/\r$/, '').replace(ANSI, '').replace(CONTROL, '\ufffd');
}

/** The last `max` lines of a log, with a note of how many were dropped. */
export class LogLines {
  private lines: string[] = [];
  private dropped = 0;

  constructor(private readonly max = 10_000) {}

  push(lines: string[]): void {
    for (const l of lines) this.lines.push(plainLogLine(l));
    if (this.lines.length > this.max) {
      const extra = this.lines.length - this.max;
      this.lines.splice(0, extra);
      this.dropped += extra;
    }
  }

  get size(): number {
    return this.lines.length;
  }

  text(): string {
    const head = this.dropped ? `… ${this.dropped.toLocaleString('en-US')} earlier line(s) not shown\n` : '';
    return head + this.lines.join('\n') + (this.lines.length ? '\n' : '');
  }
}
