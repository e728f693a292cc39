import { PDFOperator, PDFOperatorNames, PDFPage } from 'pdf-lib';
import type { PDFPageDrawLineOptions, PDFPageDrawRectangleOptions } from 'pdf-lib';

/**
 * Rules and boxes (lines and rectangles) drawn from a cache of their
 * finished content-stream bytes. Archive forms draw the same boxes in every
 * PDF — a catalogue page alone has some 150 ruled cells — and pdf-lib
 * builds, checks and later prints a dozen operators for each one, every
 * time. A shape's operators depend only on its options (no fonts, no
 * resources), so they are made once by pdf-lib's own drawing code, turned
 * into bytes once, and the same bytes go into every later page: the
 * content stream is byte for byte what pdf-lib would have written.
 *
 * Only shapes without opacity or blend mode come here: those add an
 * ExtGState resource to the page, which bytes alone cannot carry.
 */

type Shape = { kind: 'line'; options: PDFPageDrawLineOptions } | { kind: 'rect'; options: PDFPageDrawRectangleOptions };

/** Enough for every distinct box of the forms; a bound keeps odd layouts from growing it without end. */
const MAX_SHAPES = 5000;
const cache = new Map<string, PDFOperator>();

/**
 * Runs pdf-lib's own PDFPage.drawLine / drawRectangle against a stand-in
 * page that only collects the operators (both methods use nothing else of
 * the page when there is no opacity or blend mode).
 */
function operatorsOf(shape: Shape): PDFOperator[] {
  const collected: PDFOperator[] = [];
  const recorder = {
    x: 0,
    y: 0,
    maybeEmbedGraphicsState: () => undefined,
    getContentStream: () => ({ push: (...ops: PDFOperator[]) => collected.push(...ops) }),
  };
  const draw = shape.kind === 'line' ? PDFPage.prototype.drawLine : PDFPage.prototype.drawRectangle;
  (draw as (this: unknown, options: unknown) => void).call(recorder, { ...shape.options });
  return collected;
}

/**
 * One operator that prints as the given operators one per line, the way a
 * content stream prints them (it adds the newline after the last).
 */
function serialized(operators: PDFOperator[]): PDFOperator {
  const size = operators.reduce((n, op) => n + op.sizeInBytes() + 1, 0) - 1;
  const bytes = new Uint8Array(Math.max(size, 0));
  let offset = 0;
  operators.forEach((op, i) => {
    offset += op.copyBytesInto(bytes, offset);
    if (i < operators.length - 1) bytes[offset++] = 0x0a;
  });
  // The name is never printed: the methods below replace the printing. It
  // never changes, so a copied page (pdf-lib clones operators) shares it.
  const operator = PDFOperator.of(PDFOperatorNames.PushGraphicsState);
  return Object.assign(operator, {
    sizeInBytes: () => bytes.length,
    copyBytesInto: (buffer: Uint8Array, at: number) => {
      buffer.set(bytes, at);
      return bytes.length;
    },
    clone: () => operator,
  });
}

function keyOf(shape: Shape): string {
  return `${shape.kind}${JSON.stringify(shape.options)}`;
}

function draw(page: PDFPage, shape: Shape): void {
  const key = keyOf(shape);
  let operator = cache.get(key);
  if (!operator) {
    if (cache.size >= MAX_SHAPES) cache.clear();
    operator = serialized(operatorsOf(shape));
    cache.set(key, operator);
  }
  page.pushOperators(operator);
}

export function drawLine(page: PDFPage, options: PDFPageDrawLineOptions): void {
  if (options.opacity !== undefined || options.blendMode !== undefined) page.drawLine(options);
  else draw(page, { kind: 'line', options });
}

export function drawRectangle(page: PDFPage, options: PDFPageDrawRectangleOptions): void {
  if (options.opacity !== undefined || options.borderOpacity !== undefined || options.blendMode !== undefined) page.drawRectangle(options);
  else draw(page, { kind: 'rect', options });
}
