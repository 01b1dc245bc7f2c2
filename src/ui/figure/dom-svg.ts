/**
 * An <svg> on the page as a standalone SVG file: the page's CSS is written
 * into each element as presentation attributes (what the reader's viewer will
 * not have), text stays text. For figures drawn by React whose layout has no
 * pure serialiser of its own (the parameter chart).
 */

/** The computed properties that decide how SVG shapes and text look. */
const PAINT = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linejoin', 'stroke-linecap',
  'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility',
] as const;

/** `background`: a white rectangle under the drawing (off for an overlay that goes over a picture). */
export function standaloneSvg(svg: SVGSVGElement, { background = true } = {}): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i];
    if (!target) return;
    const style = getComputedStyle(el);
    for (const p of PAINT) {
      const v = style.getPropertyValue(p);
      if (v) target.setAttribute(p, v);
    }
    target.removeAttribute('class');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0) {
    copy.setAttribute('width', String(box.width));
    copy.setAttribute('height', String(box.height));
  }
  if (background) {
    const paper = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    paper.setAttribute('width', '100%');
    paper.setAttribute('height', '100%');
    paper.setAttribute('fill', pageBackground(svg));
    copy.insertBefore(paper, copy.firstChild);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The colour the figure is seen on (the first ancestor with a background): a dark theme's light text stays readable. */
function pageBackground(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c)) return c;
  }
  return '#ffffff';
}
