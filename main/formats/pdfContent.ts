/**
 * Reads a page's content stream just far enough to know what it paints:
 * which XObjects it draws and where (the transformation matrix at each Do),
 * whether anything else is painted (paths, visible text), and whether there
 * is text at all (an OCR layer is invisible text, render mode 3). A scanner
 * page is typically `q 595 0 0 842 0 0 cm /Im0 Do Q`. Anything this reader
 * does not understand makes it answer null, and the page is rasterised.
 */

export type Matrix = [number, number, number, number, number, number];

export interface ContentSummary {
  draws: { name: string; ctm: Matrix }[];
  /** Paths, shadings, inline images or visible text: pixels beyond the XObjects. */
  paints: boolean;
  /** Any text-showing operator, visible or not. */
  text: boolean;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const PAINTING = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const SHOW_TEXT = new Set(['Tj', 'TJ', "'", '"']);
// Operators that set state or build paths without painting anything by themselves.
const NEUTRAL = new Set(
  (
    'w J j M d ri i gs m l c v y h re W W* n CS cs SC SCN sc scn G g RG rg K k BT ET ' +
    'Tc Tw Tz TL Tf Ts Td TD Tm T* BMC BDC EMC MP DP BX EX d0 d1'
  ).split(' '),
);
const MAX_OPERATORS = 200_000;

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

interface State {
  ctm: Matrix;
  renderMode: number;
}

export function summariseContent(content: Uint8Array): ContentSummary | null {
  const summary: ContentSummary = { draws: [], paints: false, text: false };
  const stack: State[] = [];
  let state: State = { ctm: IDENTITY, renderMode: 0 };
  const lexer = new Lexer(content);
  let operands: (number | string)[] = [];
  for (let count = 0; count < MAX_OPERATORS; count++) {
    const token = lexer.next();
    if (token === null) return summary;
    if (token.kind !== 'op') {
      operands.push(token.value);
      if (operands.length > 16) operands = operands.slice(-8);
      continue;
    }
    const op = token.value;
    if (op === 'q') stack.push(state);
    else if (op === 'Q') state = stack.pop() ?? state;
    else if (op === 'cm') {
      const m = lastNumbers(operands, 6);
      if (!m) return null;
      state = { ...state, ctm: multiply(m as Matrix, state.ctm) };
    } else if (op === 'Do') {
      const xname = operands[operands.length - 1];
      if (typeof xname !== 'string') return null;
      summary.draws.push({ name: xname, ctm: state.ctm });
    } else if (op === 'Tr') {
      state = { ...state, renderMode: lastNumbers(operands, 1)?.[0] ?? 0 };
    } else if (SHOW_TEXT.has(op)) {
      summary.text = true;
      if (state.renderMode !== 3 && state.renderMode !== 7) summary.paints = true;
    } else if (PAINTING.has(op)) summary.paints = true;
    else if (!NEUTRAL.has(op)) return null; // BI (inline image) and anything unknown
    operands = [];
  }
  return null;
}

function lastNumbers(operands: (number | string)[], count: number): number[] | null {
  const tail = operands.slice(-count);
  return tail.length === count && tail.every((v) => typeof v === 'number') ? (tail as number[]) : null;
}

type Token = { kind: 'op'; value: string } | { kind: 'operand'; value: number | string };

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITER = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** Names come out as strings, numbers as numbers; strings, arrays and dicts as placeholders. */
class Lexer {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  next(): Token | null {
    this.skipSpace();
    const b = this.bytes[this.at];
    if (b === undefined) return null;
    if (b === 0x2f) return { kind: 'operand', value: this.name() };
    if (b === 0x28) return this.skipString();
    if (b === 0x3c) return this.angle();
    if (b === 0x3e || b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d) {
      this.at++;
      return { kind: 'operand', value: '' };
    }
    const word = this.word();
    const number = Number(word);
    if (word !== '' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) && Number.isFinite(number)) {
      return { kind: 'operand', value: number };
    }
    if (word === '') {
      this.at++; // a stray delimiter such as ')'
      return { kind: 'operand', value: '' };
    }
    return { kind: 'op', value: word };
  }

  private skipSpace(): void {
    for (;;) {
      const b = this.bytes[this.at];
      if (b === undefined) return;
      if (b === 0x25) {
        while (this.at < this.bytes.length && this.bytes[this.at] !== 0x0a && this.bytes[this.at] !== 0x0d) this.at++;
      } else if (WHITESPACE.has(b)) this.at++;
      else return;
    }
  }

  private word(): string {
    const start = this.at;
    while (this.at < this.bytes.length) {
      const b = this.bytes[this.at] ?? 0;
      if (WHITESPACE.has(b) || DELIMITER.has(b)) break;
      this.at++;
    }
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, this.at - start).toString('latin1');
  }

  private name(): string {
    this.at++;
    return this.word().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }

  /** Literal strings nest parentheses and escape with backslash. */
  private skipString(): Token {
    let depth = 0;
    while (this.at < this.bytes.length) {
      const b = this.bytes[this.at++];
      if (b === 0x5c) this.at++;
      else if (b === 0x28) depth++;
      else if (b === 0x29 && --depth === 0) break;
    }
    return { kind: 'operand', value: '' };
  }

  /** `<<` opens a dictionary, `<…>` is a hex string. */
  private angle(): Token {
    if (this.bytes[this.at + 1] === 0x3c) {
      this.at += 2;
      return { kind: 'operand', value: '' };
    }
    while (this.at < this.bytes.length && this.bytes[this.at] !== 0x3e) this.at++;
    this.at++;
    return { kind: 'operand', value: '' };
  }
}
