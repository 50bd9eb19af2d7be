// Tiny DOM helpers. Every piece of text goes through textContent: nothing from the cluster is ever parsed as HTML.

type Child = Node | string | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | boolean | undefined>,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(
  tag: string,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    // Only fixed attribute names from our own code; values are set as data, never as markup.
    el.setAttribute(k, v === true ? '' : v);
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A two-column table of label/value rows, skipping empty values. */
export function facts(rows: [string, Child | undefined][]): HTMLElement {
  const table = h('table', { class: 'facts' });
  for (const [label, value] of rows) {
    if (value === undefined || value === '' || value === null) continue;
    table.appendChild(h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value)));
  }
  return table;
}

/** A table with a header row; cells are text or nodes. */
export function grid(headers: string[], rows: Child[][], cls = 'grid'): HTMLElement {
  return h(
    'table',
    { class: cls },
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
