/**
 * Building the panel's DOM: elements from tags, attributes and children, where every string
 * child becomes a text node. Nothing is ever parsed as HTML, so a file name or token text shows
 * as the characters it has, markup included.
 */

type AttrValue = string | number | boolean | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;
export type Child = Node | string | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttributes(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    // The page's CSP blocks inline styles and handlers; refusing them here makes a slip fail
    // loudly in development instead of silently doing nothing in the panel.
    if (name === 'style' || /^on/i.test(name)) throw new Error(`dom: inline "${name}" is not allowed (CSP)`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** An HTML element: `h('td', { class: 'num' }, '1,234')`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  append(element, children);
  return element;
}

/** An SVG element, in the SVG namespace. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attrs);
  append(element, children);
  return element;
}

/**
 * Replaces a container's children and puts the focus back on the element with the same
 * `data-focus-key`, so a sort button or list entry keeps the keyboard focus when the numbers
 * behind it are redrawn.
 */
export function replaceKeepingFocus(container: Element, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.focusKey : undefined;
  container.replaceChildren();
  append(container, children);
  if (key === undefined) return;
  for (const candidate of container.querySelectorAll<HTMLElement>('[data-focus-key]')) {
    if (candidate.dataset.focusKey === key) {
      candidate.focus();
      return;
    }
  }
}

/** A `<section>` with its heading, labelled by it. */
export function section(id: string, heading: string, testId: string): { element: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'section-body' });
  const element = h('section', { class: 'panel-section', 'aria-labelledby': `${id}-heading`, 'data-testid': testId }, h('h2', { id: `${id}-heading` }, heading), body);
  return { element, body };
}

/**
 * A table whose header cells are `<th scope="col">`, numeric columns right-aligned, in a box
 * that scrolls sideways when the panel is narrower than the table (rather than the whole page).
 */
export function table(testId: string, caption: string, headers: ReadonlyArray<{ label: Child; numeric?: boolean }>, rows: readonly HTMLTableRowElement[]): HTMLElement {
  return scrollBox(
    h(
      'table',
      { 'data-testid': testId },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)))),
      h('tbody', {}, ...rows),
    ),
  );
}

export function scrollBox(content: HTMLElement): HTMLElement {
  return h('div', { class: 'table-scroll' }, content);
}
