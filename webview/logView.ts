// The log tail: a bounded buffer, batched appends on animation frames, ANSI colours as classes, a text filter.
import Anser from 'anser';
import { h, clear } from './dom';

export const MAX_LINES = 10_000;

// eslint-disable-next-line no-control-regex -- stripping terminal sequences anser does not colour
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
  for (const part of Anser.ansiToJson(cleaned, { use_classes: true, remove_empty: true })) {
    const classes = [part.fg ? `fg-${part.fg}` : '', part.bg ? `bg-${part.bg}` : '', ...part.decorations.map((d) => `ansi-${d}`)].filter(Boolean);
    const span = h('span', classes.length ? { class: classes.join(' ') } : {});
    // eslint-disable-next-line no-control-regex -- a stray ESC never reaches the page
    span.textContent = part.content.replace(/\u001b/g, '');
    div.appendChild(span);
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
    if (this.pending.length > MAX_LINES) this.pending.splice(0, this.pending.length - MAX_LINES);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  setFilter(text: string): void {
    this.filter = text.toLowerCase();
    clear(this.element);
    this.pending = [];
    this.appendLines(this.buffer);
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
    const lines = this.pending;
    this.pending = [];
    this.appendLines(lines);
  }

  private appendLines(lines: string[]): void {
    const atBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 24;
    const frag = document.createDocumentFragment();
    for (const l of lines) if (!this.filter || plain(l).toLowerCase().includes(this.filter)) frag.appendChild(renderLine(l));
    this.element.appendChild(frag);
    let extra = this.element.childElementCount - MAX_LINES;
    while (extra-- > 0 && this.element.firstChild) this.element.removeChild(this.element.firstChild);
    if (atBottom) this.element.scrollTop = this.element.scrollHeight;
    this.onRender?.();
  }
}
