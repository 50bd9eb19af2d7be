// The log tail: a bounded buffer, batched appends on animation frames, ANSI colours as classes, a text filter.
import { h, clear } from './dom';

/** Lines kept for filtering and copying. */
export const MAX_LINES = 10_000;
/** Lines kept on screen: the DOM stays small, so layout stays cheap while a pod writes thousands of lines a second. */
export const MAX_DOM_LINES = 2_000;
/** Lines rendered per animation frame at most; the rest wait for the next frame. */
const PER_FRAME = 200;

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

// eslint-disable-next-line no-control-regex -- stripping terminal sequences other than colours
const NON_SGR = /\u001b\[[0-?]*[ -/]*[@-ln-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex -- control and bidi-override characters are shown as �
const CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** One log line as DOM: colour runs as spans with classes, text as text. */
export function renderLine(line: string): HTMLElement {
  const div = h('div', { class: 'line' });
  const cleaned = line.replace(NON_SGR, '').replace(CONTROL, '\ufffd');
  if (!cleaned.includes('\u001b')) {
    div.textContent = cleaned;
    return div;
  }
  // SGR colour runs: ESC [ n;n m. Only the 16 named colours and bold/italic/underline/dim; the rest is dropped.
  let fg = '';
  let bg = '';
  const deco = new Set<string>();
  // eslint-disable-next-line no-control-regex -- splitting on colour sequences
  const parts = cleaned.split(/\u001b\[([0-9;]*)m/);
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      // eslint-disable-next-line no-control-regex -- a stray ESC never reaches the page
      const text = parts[i]!.replace(/\u001b/g, '');
      if (!text) continue;
      const classes = [fg && `fg-ansi-${fg}`, bg && `bg-ansi-${bg}`, ...[...deco].map((d) => `ansi-${d}`)]
        .filter(Boolean)
        .join(' ');
      const span = h('span', classes ? { class: classes } : {});
      span.textContent = text;
      div.appendChild(span);
      continue;
    }
    for (const code of (parts[i] || '0').split(';').map(Number)) {
      if (code === 0) {
        fg = '';
        bg = '';
        deco.clear();
      } else if (code === 1) deco.add('bold');
      else if (code === 2) deco.add('dim');
      else if (code === 3) deco.add('italic');
      else if (code === 4) deco.add('underline');
      else if (code === 22) {
        deco.delete('bold');
        deco.delete('dim');
      } else if (code >= 30 && code <= 37) fg = COLOURS[code - 30]!;
      else if (code === 39) fg = '';
      else if (code >= 40 && code <= 47) bg = COLOURS[code - 40]!;
      else if (code === 49) bg = '';
      else if (code >= 90 && code <= 97) fg = `bright-${COLOURS[code - 90]}`;
    }
  }
  return div;
}

// eslint-disable-next-line no-control-regex -- colour codes out of copied and filtered text
const plain = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');

export class LogView {
  private buffer: string[] = [];
  private pending: string[] = [];
  private frame = 0;
  private filter = '';
  readonly element: HTMLElement;
  /** Lines dropped from the front of the buffer since the last reset. */
  dropped = 0;

  constructor(private readonly onRender?: () => void) {
    this.element = h('div', { class: 'log', role: 'log', tabindex: '0', 'aria-label': 'Log output' });
  }

  reset(): void {
    this.buffer = [];
    this.pending = [];
    this.dropped = 0;
    clear(this.element);
  }

  push(lines: string[]): void {
    this.buffer.push(...lines);
    if (this.buffer.length > MAX_LINES) {
      this.dropped += this.buffer.length - MAX_LINES;
      this.buffer.splice(0, this.buffer.length - MAX_LINES);
    }
    this.pending.push(...lines);
    // What would scroll off the screen before it is drawn is never drawn.
    if (this.pending.length > MAX_DOM_LINES) this.pending.splice(0, this.pending.length - MAX_DOM_LINES);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  setFilter(text: string): void {
    this.filter = text.toLowerCase();
    clear(this.element);
    const shown = this.visible();
    this.pending = shown.slice(-MAX_DOM_LINES);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  text(): string {
    return this.visible().map(plain).join('\n');
  }

  get lineCount(): number {
    return this.buffer.length;
  }

  private visible(): string[] {
    return this.filter ? this.buffer.filter((l) => plain(l).toLowerCase().includes(this.filter)) : this.buffer;
  }

  private flush(): void {
    this.frame = 0;
    const lines = this.pending.splice(0, PER_FRAME);
    this.appendLines(lines);
    if (this.pending.length) this.frame = requestAnimationFrame(() => this.flush());
  }

  private appendLines(lines: string[]): void {
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    const frag = document.createDocumentFragment();
    for (const l of lines)
      if (!this.filter || plain(l).toLowerCase().includes(this.filter)) frag.appendChild(renderLine(l));
    this.element.appendChild(frag);
    let extra = this.element.childElementCount - MAX_DOM_LINES;
    while (extra-- > 0 && this.element.firstChild) this.element.removeChild(this.element.firstChild);
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
    this.onRender?.();
  }
}
