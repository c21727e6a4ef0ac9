import type { JsonPath, PathSegment } from './jsonPath';

/** A place in a text, both 1-based; columns count UTF-16 code units, as editors mostly do. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A key given twice in one object: JSON.parse keeps the last silently, a config must not. */
export interface DuplicateKey {
  readonly path: JsonPath;
  readonly at: TextPosition;
  readonly first: TextPosition;
}

/** Where each key and value of a parsed document was written (for a repeated key: the last one). */
export interface JsonLocations {
  key(path: JsonPath): TextPosition | undefined;
  value(path: JsonPath): TextPosition | undefined;
}

export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown; readonly locations: JsonLocations; readonly duplicates: readonly DuplicateKey[] }
  | { readonly ok: false; readonly message: string; readonly at: TextPosition };

/** Deeper documents are refused rather than risk the stack; a config is 4 levels deep. */
export const MAX_DEPTH = 500;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses JSON exactly as JSON.parse does (same values, same texts refused), but also records where every key
 * and value is, reports duplicate keys, and explains a syntax error with its line, column and what was expected.
 */
export function parseJsonText(text: string): JsonParseResult {
  const lines = lineStarts(text);
  const positionAt = (offset: number): TextPosition => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lines[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lines[low]! + 1 };
  };
  const parser = new Parser(text);
  try {
    const value = parser.document();
    const locate =
      (offsets: Map<string, number>) =>
      (path: JsonPath): TextPosition | undefined => {
        const offset = offsets.get(pathKey(path));
        return offset === undefined ? undefined : positionAt(offset);
      };
    return {
      ok: true,
      value,
      locations: { key: locate(parser.keyOffsets), value: locate(parser.valueOffsets) },
      duplicates: parser.duplicates.map(({ path, offset, first }) => ({ path, at: positionAt(offset), first: positionAt(first) })),
    };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { ok: false, message: err.message, at: positionAt(err.offset) };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

const pathKey = (path: JsonPath): string => JSON.stringify(path);

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z0-9_$.+-]+/y;

class Parser {
  readonly keyOffsets = new Map<string, number>();
  readonly valueOffsets = new Map<string, number>();
  readonly duplicates: { path: JsonPath; offset: number; first: number }[] = [];
  private offset = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value([]);
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail('the end of the file after the value');
    return value;
  }

  private value(path: PathSegment[]): unknown {
    this.skipWhitespace();
    if (path.length > MAX_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`, this.offset);
    this.valueOffsets.set(pathKey(path), this.offset);
    const c = this.text[this.offset];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return value;
      }
    }
    return this.fail('a value (an object, list, text in double quotes, number, true, false or null)');
  }

  private object(path: PathSegment[]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const firstOffsets = new Map<string, number>();
    this.offset++; // {
    this.skipWhitespace();
    if (this.eat('}')) return result;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.offset] !== '"') {
        const trailingComma = firstOffsets.size > 0 && this.text[this.offset] === '}';
        this.fail(`a key in double quotes${trailingComma ? ' (JSON allows no comma before "}")' : ''}`);
      }
      const keyOffset = this.offset;
      const key = this.string();
      const keyPath = [...path, key];
      const first = firstOffsets.get(key);
      if (first === undefined) firstOffsets.set(key, keyOffset);
      else this.duplicates.push({ path: keyPath, offset: keyOffset, first });
      this.keyOffsets.set(pathKey(keyPath), keyOffset);
      this.skipWhitespace();
      if (!this.eat(':')) this.fail('":" after the key');
      // defineProperty, not assignment: a "__proto__" key must be data, as JSON.parse makes it.
      Object.defineProperty(result, key, { value: this.value(keyPath), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.eat('}')) return result;
      if (!this.eat(',')) this.fail('"," or "}" after the value');
    }
  }

  private array(path: PathSegment[]): unknown[] {
    const result: unknown[] = [];
    this.offset++; // [
    this.skipWhitespace();
    if (this.eat(']')) return result;
    for (;;) {
      this.skipWhitespace();
      if (result.length > 0 && this.text[this.offset] === ']') this.fail('a value (JSON allows no comma before "]")');
      result.push(this.value([...path, result.length]));
      this.skipWhitespace();
      if (this.eat(']')) return result;
      if (!this.eat(',')) this.fail('"," or "]" after the value');
    }
  }

  private string(): string {
    const start = this.offset;
    this.offset++; // "
    let result = '';
    for (;;) {
      const c = this.text[this.offset];
      if (c === undefined) throw new JsonSyntaxError('text not closed: expected a closing double quote before the end of the file', start);
      if (c === '"') break;
      if (c.charCodeAt(0) < 0x20) this.fail('a closing double quote or an escape such as \\n (control characters must be escaped)');
      if (c === '\\') {
        const escape = this.text[this.offset + 1];
        if (escape === 'u') {
          const hex = this.text.slice(this.offset + 2, this.offset + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new JsonSyntaxError('expected 4 hexadecimal digits after \\u', this.offset);
          result += String.fromCharCode(parseInt(hex, 16));
          this.offset += 6;
          continue;
        }
        const replacement = escape === undefined ? undefined : ESCAPES[escape];
        if (replacement === undefined) throw new JsonSyntaxError('expected an escape: one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX', this.offset);
        result += replacement;
        this.offset += 2;
        continue;
      }
      result += c;
      this.offset++;
    }
    this.offset++; // "
    return result;
  }

  private number(): number {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    const end = match ? this.offset + match[0].length : this.offset;
    // A number must not run on into more digits or letters ("01", "1.", "2e", "-x").
    if (!match || /[0-9A-Za-z.+-]/.test(this.text[end] ?? '')) this.fail('a number such as 200, -1.5 or 2e-3');
    this.offset = end;
    return Number(match[0]);
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.offset];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.offset++;
    }
  }

  private eat(c: string): boolean {
    if (this.text[this.offset] !== c) return false;
    this.offset++;
    return true;
  }

  /** Throws "expected X, got Y" at the current offset, naming a whole word (`True`, `NaN`) when one is there. */
  private fail(expected: string): never {
    throw new JsonSyntaxError(`expected ${expected}, got ${this.found()}`, this.offset);
  }

  private found(): string {
    if (this.offset >= this.text.length) return 'the end of the file';
    WORD.lastIndex = this.offset;
    const word = WORD.exec(this.text)?.[0] ?? '';
    return word.length > 1 ? `\`${word.slice(0, 30)}\`` : JSON.stringify(this.text[this.offset]);
  }
}
