// The timeline on a canvas: a time axis, group headers (node · zone), a label per row and its segments coloured by
// phase. Only the rows in view are drawn, so 10,000 rows scroll, pan and zoom as smoothly as 10. Everything from the
// cluster is drawn with fillText (never parsed as markup). Rows scroll natively (a spacer gives the height); time
// pans by drag or horizontal wheel and zooms by ctrl/cmd+wheel, the keyboard or the toolbar.
import type { TimelineRow, TimelineSegment, WorkflowTimeline } from '../../src/shared/model';
import { duration, offset, tickStep, utc } from './format';
import { phaseColor, readPalette, type Palette } from './theme';

const ROW_H = 22;
const AXIS_H = 26;
const BAR_H = 14;
const MIN_LABEL_W = 140;
const MAX_LABEL_W = 300;
/** Zoomed in at most to this many milliseconds per pixel. */
const MIN_MS_PER_PX = 1;
const DRAG_PX = 4;

export interface Hit {
  row: TimelineRow;
  segment?: TimelineSegment;
}

/**
 * Item i of the list: a group header (value -1 - group index) or a row (value = row index). Groups and rows share
 * one height, so the item under a point is a division.
 */
function itemsOf(t: WorkflowTimeline): Int32Array {
  const items = new Int32Array(t.groups.length + t.rows.length);
  let i = 0;
  t.groups.forEach((g, gi) => {
    items[i++] = -1 - gi;
    for (let r = g.first; r < g.first + g.count; r++) items[i++] = r;
  });
  return items;
}

export class TimelineView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer: HTMLElement;
  private readonly tooltip: HTMLElement;
  private ctx: CanvasRenderingContext2D;
  private palette: Palette = readPalette();
  private timeline: WorkflowTimeline | undefined;
  private items: Int32Array = new Int32Array(0);
  /** The time at the plot's left edge, and the scale. */
  private t0 = 0;
  private msPerPx = 1000;
  /** Follows the whole span (and a live workflow's growth) until the user pans or zooms. */
  private autoFit = true;
  private width = 0;
  private height = 0;
  private labelW = 200;
  private frame = 0;
  private hover: { item: number; segment?: TimelineSegment } | undefined;
  private drag: { x: number; y: number; t0: number; scroll: number; moved: boolean } | undefined;
  private labelCache = new Map<string, string>();
  private paints = 0;

  constructor(private readonly onOpen: (nodeId: string) => void) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'timeline-canvas';
    this.spacer = document.createElement('div');
    this.spacer.className = 'timeline-spacer';
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'timeline-tooltip';
    this.tooltip.id = 'timeline-tooltip';
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    this.element = document.createElement('div');
    this.element.id = 'timeline';
    this.element.className = 'timeline';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'group');
    this.element.setAttribute(
      'aria-label',
      'Timeline of the steps. Arrow keys pan and scroll, plus and minus zoom, 0 fits. The table below lists the same steps.',
    );
    this.element.append(this.canvas, this.spacer, this.tooltip);
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.listen();
  }

  /** Shows a (new) layout; keeps the user's pan and zoom unless it follows the whole span. */
  setTimeline(t: WorkflowTimeline): void {
    const first = !this.timeline;
    this.timeline = t;
    this.items = itemsOf(t);
    this.labelCache.clear();
    this.spacer.style.height = `${Math.max(0, AXIS_H + this.items.length * ROW_H - this.height)}px`;
    if (first || this.autoFit) this.fit(false);
    this.hover = undefined;
    this.drawNow();
  }

  /** Re-reads the theme's colours (the theme changed). */
  retheme(): void {
    this.palette = readPalette();
    this.labelCache.clear();
    this.requestDraw();
  }

  /** Fits the whole span in view. */
  fit(draw = true): void {
    const t = this.timeline;
    this.autoFit = true;
    if (!t) return;
    const plot = Math.max(50, this.width - this.labelW - 16);
    const span = Math.max(t.end - t.start, 1000);
    this.msPerPx = span / plot;
    this.t0 = t.start;
    if (draw) this.requestDraw();
  }

  /** Zooms by `factor` (> 1 zooms in) around the plot's x (default: its middle). */
  zoom(factor: number, atX?: number): void {
    if (!this.timeline) return;
    this.autoFit = false;
    const x = atX ?? this.labelW + (this.width - this.labelW) / 2;
    const at = this.t0 + (x - this.labelW) * this.msPerPx;
    const span = Math.max(this.timeline.end - this.timeline.start, 1000);
    const maxMsPerPx = (span * 20) / Math.max(50, this.width - this.labelW);
    this.msPerPx = Math.min(maxMsPerPx, Math.max(MIN_MS_PER_PX, this.msPerPx / factor));
    this.t0 = at - (x - this.labelW) * this.msPerPx;
    this.requestDraw();
  }

  /** Pans by `px` pixels of time (positive: later). */
  pan(px: number): void {
    this.autoFit = false;
    this.t0 += px * this.msPerPx;
    this.requestDraw();
  }

  /** Call when the element's size may have changed. */
  resize(): void {
    const r = this.element.getBoundingClientRect();
    const w = Math.floor(this.element.clientWidth || r.width);
    const h = Math.floor(this.element.clientHeight || r.height);
    if (w === this.width && h === this.height) return;
    this.width = w;
    this.height = h;
    this.labelW = Math.round(Math.min(MAX_LABEL_W, Math.max(MIN_LABEL_W, w * 0.28)));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.floor(w * dpr));
    this.canvas.height = Math.max(1, Math.floor(h * dpr));
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.labelCache.clear();
    this.spacer.style.height = `${Math.max(0, AXIS_H + this.items.length * ROW_H - h)}px`;
    if (this.autoFit) this.fit(false);
    this.drawNow();
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  /** Scrolls so that the row of `nodeId` is in view (e.g. from the table). */
  reveal(nodeId: string): void {
    const t = this.timeline;
    if (!t) return;
    const r = t.rows.findIndex((row) => row.id === nodeId || row.segments.some((s) => s.nodeId === nodeId));
    if (r < 0) return;
    const item = this.items.indexOf(r);
    const y = item * ROW_H;
    if (y < this.element.scrollTop || y > this.element.scrollTop + this.height - AXIS_H - ROW_H)
      this.element.scrollTop = Math.max(0, y - (this.height - AXIS_H) / 2);
  }

  // ---- drawing --------------------------------------------------------------------------------------------------

  private xOf(t: number): number {
    return this.labelW + (t - this.t0) / this.msPerPx;
  }

  drawNow(): void {
    const started = performance.now();
    const { ctx, width: w, height: h, palette: p } = this;
    if (!w || !h) return;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, w, h);
    const t = this.timeline;
    if (!t) return;
    const scroll = this.element.scrollTop;
    const first = Math.max(0, Math.floor(scroll / ROW_H));
    const last = Math.min(this.items.length - 1, Math.ceil((scroll + h - AXIS_H) / ROW_H));
    ctx.textBaseline = 'middle';

    // Grid lines under the rows, then the rows.
    const step = tickStep(90 * this.msPerPx);
    const tickFrom = Math.ceil((this.t0 - t.start) / step) * step + t.start;
    ctx.strokeStyle = p.grid;
    ctx.globalAlpha = 0.35;
    ctx.beginPath();
    for (let tick = tickFrom; this.xOf(tick) < w; tick += step) {
      const x = Math.round(this.xOf(tick)) + 0.5;
      ctx.moveTo(x, AXIS_H);
      ctx.lineTo(x, h);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;

    for (let i = first; i <= last; i++) {
      const y = AXIS_H + i * ROW_H - scroll;
      const item = this.items[i]!;
      if (item < 0) this.drawGroup(-1 - item, y);
      else this.drawRow(t.rows[item]!, y, i === this.hover?.item);
    }

    // The workflow's end while it runs: now.
    if (t.end >= t.now && !['Succeeded', 'Failed', 'Error'].includes(t.workflow.phase)) {
      const x = Math.round(this.xOf(t.now)) + 0.5;
      if (x > this.labelW) {
        ctx.strokeStyle = p.now;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, AXIS_H);
        ctx.lineTo(x, h);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    this.drawAxis(step, tickFrom);
    this.paints++;
    this.element.dataset.paints = String(this.paints);
    this.element.dataset.drawMs = (performance.now() - started).toFixed(2);
    this.element.dataset.rowsDrawn = String(Math.max(0, last - first + 1));
  }

  private drawAxis(step: number, tickFrom: number): void {
    const { ctx, width: w, palette: p } = this;
    const t = this.timeline!;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, w, AXIS_H);
    ctx.strokeStyle = p.grid;
    ctx.beginPath();
    ctx.moveTo(0, AXIS_H - 0.5);
    ctx.lineTo(w, AXIS_H - 0.5);
    ctx.stroke();
    ctx.font = p.fontSmall;
    ctx.fillStyle = p.muted;
    ctx.textAlign = 'center';
    for (let tick = tickFrom; this.xOf(tick) < w; tick += step) {
      const x = this.xOf(tick);
      if (x < this.labelW + 12) continue;
      ctx.fillText(offset(tick - t.start), x, AXIS_H / 2);
      ctx.fillRect(Math.round(x), AXIS_H - 5, 1, 5);
    }
    ctx.textAlign = 'left';
    ctx.font = p.fontBold;
    ctx.fillStyle = p.foreground;
    ctx.fillText(`Step · since ${utc(t.start).slice(11)}`, 8, AXIS_H / 2, this.labelW - 16);
  }

  private drawGroup(g: number, y: number): void {
    const { ctx, width: w, palette: p } = this;
    const group = this.timeline!.groups[g]!;
    ctx.fillStyle = p.groupBand;
    ctx.fillRect(0, y, w, ROW_H);
    ctx.font = p.fontBold;
    ctx.fillStyle = p.foreground;
    const name = group.node
      ? `${group.node}${group.zone ? ` · ${group.zone}` : ''}`
      : 'Not on a node (suspended, or not scheduled)';
    ctx.fillText(`${name}  (${group.count} step${group.count === 1 ? '' : 's'})`, 8, y + ROW_H / 2, w - 16);
  }

  private drawRow(row: TimelineRow, y: number, hovered: boolean): void {
    const { ctx, width: w, palette: p, labelW } = this;
    if (hovered) {
      ctx.fillStyle = p.hover;
      ctx.fillRect(0, y, w, ROW_H);
    }
    ctx.font = p.font;
    ctx.fillStyle = row.segments.some((s) => s.critical) ? p.foreground : p.muted;
    ctx.fillText(this.fitLabel(row.label), 16, y + ROW_H / 2);
    ctx.save();
    ctx.beginPath();
    ctx.rect(labelW, y, w - labelW, ROW_H);
    ctx.clip();
    const top = y + (ROW_H - BAR_H) / 2;
    for (const s of row.segments) {
      const x0 = this.xOf(s.start);
      const x1 = Math.max(this.xOf(s.end), x0 + 2);
      if (x1 < labelW || x0 > w) continue;
      const bx = Math.max(x0, labelW - 2);
      const bw = Math.min(x1, w + 2) - bx;
      ctx.globalAlpha = s.gone !== undefined ? 0.45 : 1;
      ctx.fillStyle = phaseColor(p, s.phase);
      ctx.fillRect(bx, top, bw, BAR_H);
      ctx.globalAlpha = 1;
      if (s.gone !== undefined) this.hatch(bx, top, bw, BAR_H);
      if (s.open) {
        // Still running: a bright edge at now.
        ctx.fillStyle = p.foreground;
        ctx.fillRect(x1 - 2, top, 2, BAR_H);
      }
      if (s.critical) {
        ctx.strokeStyle = p.critical;
        ctx.lineWidth = 2;
        ctx.strokeRect(bx - 1, top - 1, bw + 2, BAR_H + 2);
        ctx.lineWidth = 1;
      }
      if (row.segments.length > 1 && bw > 22) {
        ctx.font = p.fontSmall;
        ctx.fillStyle = p.background;
        ctx.fillText(`#${s.attempt}`, bx + 4, top + BAR_H / 2, bw - 6);
        ctx.font = p.font;
      }
    }
    ctx.restore();
    if (this.hover && this.hover.segment && row.segments.includes(this.hover.segment)) {
      const s = this.hover.segment;
      const x0 = Math.max(this.xOf(s.start), labelW);
      const x1 = Math.min(Math.max(this.xOf(s.end), this.xOf(s.start) + 2), w);
      ctx.strokeStyle = p.focus;
      ctx.strokeRect(x0 - 2.5, top - 2.5, x1 - x0 + 5, BAR_H + 5);
    }
  }

  /** Diagonal stripes over a bar: its pod no longer exists. */
  private hatch(x: number, y: number, w: number, h: number): void {
    const { ctx, palette: p } = this;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.strokeStyle = p.background;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let sx = x - h; sx < x + w; sx += 6) {
      ctx.moveTo(sx, y + h);
      ctx.lineTo(sx + h, y);
    }
    ctx.stroke();
    ctx.restore();
  }

  /** The label cut to the label column (measured once per label and width). */
  private fitLabel(label: string): string {
    const known = this.labelCache.get(label);
    if (known !== undefined) return known;
    const max = this.labelW - 24;
    let out = label;
    if (this.ctx.measureText(label).width > max) {
      let lo = 0;
      let hi = label.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.ctx.measureText(`${label.slice(0, mid)}…`).width <= max) lo = mid;
        else hi = mid - 1;
      }
      out = `${label.slice(0, lo)}…`;
    }
    if (this.labelCache.size > 5000) this.labelCache.clear();
    this.labelCache.set(label, out);
    return out;
  }

  // ---- interaction ----------------------------------------------------------------------------------------------

  /** The row (and segment) at a point of the element, if any. */
  hitAt(x: number, y: number): (Hit & { item: number }) | undefined {
    const t = this.timeline;
    if (!t || y < AXIS_H) return undefined;
    const item = Math.floor((y - AXIS_H + this.element.scrollTop) / ROW_H);
    const r = this.items[item];
    if (r === undefined || r < 0) return undefined;
    const row = t.rows[r]!;
    if (x < this.labelW) return { row, item };
    for (const s of row.segments) {
      const x0 = this.xOf(s.start);
      const x1 = Math.max(this.xOf(s.end), x0 + 2);
      if (x >= x0 - 3 && x <= x1 + 3) return { row, segment: s, item };
    }
    return { row, item };
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.element.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private listen(): void {
    const el = this.element;
    el.addEventListener('scroll', () => {
      this.tooltip.hidden = true;
      this.requestDraw();
    });
    el.addEventListener(
      'wheel',
      (e) => {
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          this.zoom(Math.exp(-e.deltaY * 0.002), this.local(e).x);
        } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          e.preventDefault();
          this.pan(e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX);
        }
      },
      { passive: false },
    );
    el.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, y: e.clientY, t0: this.t0, scroll: el.scrollTop, moved: false };
    });
    window.addEventListener('mousemove', (e) => {
      const d = this.drag;
      if (d && e.buttons & 1) {
        const dx = e.clientX - d.x;
        const dy = e.clientY - d.y;
        if (!d.moved && Math.abs(dx) + Math.abs(dy) < DRAG_PX) return;
        d.moved = true;
        this.autoFit = false;
        this.t0 = d.t0 - dx * this.msPerPx;
        el.scrollTop = d.scroll - dy;
        el.classList.add('dragging');
        this.tooltip.hidden = true;
        this.requestDraw();
        return;
      }
      if (e.target !== this.canvas && e.target !== el) {
        this.setHover(undefined, e);
        return;
      }
      const { x, y } = this.local(e);
      this.setHover(this.hitAt(x, y), e);
    });
    window.addEventListener('mouseup', (e) => {
      const d = this.drag;
      this.drag = undefined;
      el.classList.remove('dragging');
      if (!d || d.moved || e.button !== 0) return;
      const { x, y } = this.local(e);
      const hit = this.hitAt(x, y);
      if (hit) this.onOpen(hit.segment?.nodeId ?? hit.row.id);
    });
    el.addEventListener('mouseleave', () => {
      if (!this.drag) this.setHover(undefined);
    });
    el.addEventListener('keydown', (e) => {
      const page = (this.width - this.labelW) / 5;
      const handled = (() => {
        switch (e.key) {
          case 'ArrowLeft':
            this.pan(-page);
            return true;
          case 'ArrowRight':
            this.pan(page);
            return true;
          case 'ArrowUp':
            el.scrollTop -= ROW_H;
            return true;
          case 'ArrowDown':
            el.scrollTop += ROW_H;
            return true;
          case '+':
          case '=':
            this.zoom(1.5);
            return true;
          case '-':
          case '_':
            this.zoom(1 / 1.5);
            return true;
          case '0':
            this.fit();
            return true;
          default:
            return false;
        }
      })();
      if (handled) e.preventDefault();
    });
  }

  private setHover(hit: (Hit & { item: number }) | undefined, e?: MouseEvent): void {
    const before = this.hover;
    this.hover = hit ? { item: hit.item, segment: hit.segment } : undefined;
    if (before?.item !== this.hover?.item || before?.segment !== this.hover?.segment) this.requestDraw();
    this.canvas.style.cursor = hit ? 'pointer' : 'default';
    if (!hit || !e) {
      this.tooltip.hidden = true;
      return;
    }
    const lines = this.describe(hit);
    this.tooltip.replaceChildren(
      ...lines.map((l, i) => {
        const div = document.createElement('div');
        div.textContent = l;
        if (i === 0) div.className = 'tooltip-title';
        return div;
      }),
    );
    this.tooltip.hidden = false;
    const { x, y } = this.local(e);
    const tw = this.tooltip.offsetWidth;
    const th = this.tooltip.offsetHeight;
    this.tooltip.style.left = `${Math.max(4, Math.min(x + 14, this.width - tw - 4))}px`;
    const top = y + 18 + th > this.height ? y - th - 8 : y + 18;
    this.tooltip.style.top = `${Math.max(4, top) + this.element.scrollTop}px`;
  }

  /** What the tooltip says about a row or segment: text only. */
  describe(hit: Hit): string[] {
    const { row, segment: s } = hit;
    const t = this.timeline!;
    const group = t.groups[row.group];
    if (!s)
      return [
        row.label,
        row.path !== row.label ? row.path : '',
        `${row.segments.length} attempt(s) · click to open the step`,
      ].filter(Boolean);
    const end = s.open ? 'running' : `ended ${utc(s.end).slice(11)}`;
    return [
      `${row.label}${row.segments.length > 1 ? ` · attempt ${s.attempt} of ${row.segments.length}` : ''}`,
      row.path !== row.label ? row.path : '',
      `${s.phase} · ${duration(s.end - s.start)}${s.critical ? ' · on the critical path' : ''}`,
      `Started ${utc(s.start)} (+${offset(s.start - t.start)}), ${end}`,
      s.host ? `Node ${s.host}${group?.zone && s.host === group.node ? ` · zone ${group.zone}` : ''}` : 'Not on a node',
      s.message ? `Argo: ${s.message}` : '',
      s.gone !== undefined ? `Pod ${s.pod ?? ''} no longer exists: ${s.gone}` : '',
      'Click to open the step',
    ].filter(Boolean);
  }
}
