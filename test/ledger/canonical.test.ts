import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, canonicalMembers, canonicalize, utf8 } from '../../src/ledger/canonical.js';
import { toHex } from '../../src/ledger/hash.js';
import { expectCode, ledgerError } from './helpers.js';

describe('RFC 8785 canonical JSON', () => {
  // Inputs and outputs from cyberphone/json-canonicalization testdata/ (the RFC author's test data).
  it.each([
    [
      'values.json',
      '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
      '{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
    ],
    [
      'structures.json',
      '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    ],
    [
      'weird.json',
      '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n  "\\ud83d\\ude02": "Smiley",\n  "\\u00f6": "Latin Small Letter O With Diaeresis",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n  "</script>": "Browser Challenge"\n}\n',
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😂":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ],
  ])('%s', (_name, input, output) => {
    expect(canonicalize(JSON.parse(input))).toBe(output);
  });

  it('values.json in UTF-8 is the published byte sequence', () => {
    const text = canonicalize({ numbers: [1e30, 4.5, 6, 2e-3, 1e-27], escaping: '€$\u000f\nA\'B"\\\\"/', other: [null, true, false] });
    // cyberphone/json-canonicalization README.md, "Sample Input" in hexadecimal.
    expect(toHex(utf8(text))).toBe(
      (
        '7b 22 65 73 63 61 70 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c' +
        '5c 5c 5c 22 2f 22 2c 22 6e 75 6d 62 65 72 73 22 3a 5b 31 65 2b 33 30 2c 34 2e 35 2c 36 2c 30 2e' +
        '30 30 32 2c 31 65 2d 32 37 5d 2c 22 6f 74 68 65 72 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61' +
        '6c 73 65 5d 7d'
      ).replaceAll(' ', ''),
    );
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their serialization.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('number %s is %s', (bits, text) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${bits}`));
    expect(canonicalize(view.getFloat64(0))).toBe(text);
  });

  it('sorts keys by UTF-16 code units, not code points (RFC 8785 section 3.2.3)', () => {
    // U+1F600 is the pair D83D DE00, which sorts before U+FB33 by code unit.
    expect(canonicalize({ '\ufb33': 1, '\u{1f600}': 2, '\u20ac': 3 })).toBe('{"\u20ac":3,"\u{1f600}":2,"\ufb33":1}');
  });

  it('writes control characters the JSON way and everything else as is', () => {
    expect(canonicalize('\b\t\n\f\r\u0001\u001f"\\/\u007f\u2028é😀')).toBe('"\\b\\t\\n\\f\\r\\u0001\\u001f\\"\\\\/\u007f\u2028é😀"');
  });

  it('utf8 encodes surrogate pairs as one 4-byte sequence', () => {
    expect(toHex(utf8('😀'))).toBe('f09f9880');
  });
});

describe('values that are not JSON are refused, never dropped or coerced', () => {
  class Armorer {
    name = 'Dee';
  }
  const sparse: unknown[] = [];
  sparse[1] = 1;
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  let deep: unknown = 0;
  for (let i = 0; i <= MAX_DEPTH; i++) deep = [deep];

  it.each<[string, unknown]>([
    ['NaN', NaN],
    ['Infinity', { a: [-Infinity] }],
    ['undefined at the top', undefined],
    ['an undefined property', { note: undefined }],
    ['an undefined item', [undefined]],
    ['a hole in an array', sparse],
    ['a function', { f: () => 1 }],
    ['a bigint', { n: 1n }],
    ['a symbol', Symbol('s')],
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map()],
    ['a Uint8Array', new Uint8Array(1)],
    ['a class instance', new Armorer()],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00b'],
    ['a key with a lone surrogate', { '\ud800': 1 }],
    ['a cycle', cycle],
    ['nesting too deep', deep],
  ])('%s', (_name, value) => {
    expectCode(() => canonicalize(value), 'NON_CANONICAL_VALUE');
  });

  it('says where the bad value is', () => {
    expect(ledgerError(() => canonicalize({ data: { shots: [1, NaN] } })).message).toMatch(/^\$\.data\.shots\[1\] is NaN/);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    expect(canonicalize(bare)).toBe('{"a":2,"b":1}');
  });
});

describe('canonical JSON (property)', () => {
  const json = fc.jsonValue();

  it('parses back to the same value and is a fixed point', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalize(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(record));
      }),
    );
  });

  it('equals a plain serializer that sorts keys and leaves the rest to JSON.stringify', () => {
    const plain = (value: unknown): string =>
      Array.isArray(value)
        ? `[${value.map(plain).join(',')}]`
        : value !== null && typeof value === 'object'
          ? `{${Object.keys(value)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${plain((value as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(value);
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalize(value)).toBe(plain(value));
      }),
    );
  });
});

describe('reading canonical text without parsing it (canonicalMembers)', () => {
  /** What canonicalMembers must say of an object: its members, each value in canonical text. */
  const membersOf = (record: Record<string, unknown>) =>
    Object.keys(record)
      .sort()
      .map((key) => [key, canonicalize(record[key])]);
  const json = fc.jsonValue({ stringUnit: 'grapheme' });
  /** Whether some key, at any depth, has a character JSON escapes. */
  const escapedKey = (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).some(([key, item]) => /["\\\u0000-\u001f]/.test(key) || escapedKey(item));

  it('reads the members of a hand-off as they stand', () => {
    const text = '{"actor":{"userId":"usr_armorer"},"data":{"note":"line 1\\nline 2 \\u001f \\"é😀\u2028","rounds":[6,0.5,-1e-7,1e+21]},"refs":[],"type":"firearm.handOff"}';
    expect(canonicalMembers(text)).toEqual([
      ['actor', '{"userId":"usr_armorer"}'],
      ['data', '{"note":"line 1\\nline 2 \\u001f \\"é😀\u2028","rounds":[6,0.5,-1e-7,1e+21]}'],
      ['refs', '[]'],
      ['type', '"firearm.handOff"'],
    ]);
    expect(canonicalMembers('{}')).toEqual([]);
  });

  it('knows the canonical text of any object whose keys need no escape', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), json), (record) => {
        fc.pre(!escapedKey(record));
        expect(canonicalMembers(canonicalize(record))).toEqual(membersOf(record));
      }),
    );
  });

  it.each([
    ['a space', '{"a":1, "b":2}'],
    ['a newline at the end', '{"a":1}\n'],
    ['keys out of order', '{"b":1,"a":2}'],
    ['keys out of UTF-16 order', '{"\ufb33":1,"\u{1f600}":2}'],
    ['a key twice', '{"a":1,"a":1}'],
    ['a trailing zero', '{"a":1.0}'],
    ['an exponent ECMAScript does not write', '{"a":1E3}'],
    ['an exponent without its sign', '{"a":1e21}'],
    ['minus zero', '{"a":-0}'],
    ['a leading zero', '{"a":01}'],
    ['a plus sign', '{"a":+1}'],
    ['a number too big for a double', '{"a":1e400}'],
    ['digits a double cannot hold', '{"a":9007199254740993}'],
    ['NaN', '{"a":NaN}'],
    ['-Infinity', '{"a":-Infinity}'],
    ['an escaped solidus', '{"a":"\\/"}'],
    ['an escaped letter', '{"a":"\\u0041"}'],
    ['an escape in upper case', '{"a":"\\u001F"}'],
    ['a long escape for a short one', '{"a":"\\u0008"}'],
    ['an escaped surrogate pair', '{"a":"\\ud83d\\ude00"}'],
    ['an escaped lone surrogate', '{"a":"\\ud800"}'],
    ['a lone surrogate', '{"a":"\ud800"}'],
    ['a lone low surrogate', '{"a":"\udc00x"}'],
    ['a raw control character', '{"a":"\u0001"}'],
    ['a raw tab', '{"a":"\t"}'],
    ['a raw unit separator', '{"a":"\u001f"}'],
    ['an unknown escape', '{"a":"\\x41"}'],
    ['an unfinished string', '{"a":"abc}'],
    ['a misspelt literal', '{"a":tru}'],
    ['text after the object', '{"a":1}}'],
    ['a missing value', '{"a":}'],
    ['a trailing comma', '{"a":[1,]}'],
    ['an array', '[1]'],
    ['a string', '"a"'],
    ['nothing', ''],
  ])('says nothing of text with %s', (_name, text) => {
    expect(canonicalMembers(text)).toBeUndefined();
  });

  it('leaves to canonicalize a key with an escape, and nesting beyond MAX_DEPTH', () => {
    expect(canonicalize(JSON.parse('{"\\n":1}'))).toBe('{"\\n":1}');
    expect(canonicalMembers('{"\\n":1}')).toBeUndefined();
    const deep = `{"a":${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}}`;
    expect(canonicalMembers(deep)).toBeUndefined();
    const deepest = `{"a":${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}}`;
    expect(canonicalMembers(deepest)).toEqual([['a', deepest.slice(5, -1)]]);
  });

  it('never takes for canonical a text that is not, however it was changed', () => {
    // Canonical texts with one character inserted, deleted or replaced, and re-serializations.
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 1 }),
      insert: fc.constantFrom('', ' ', '0', '1', '.', 'e', 'E', '-', '+', ',', ':', '"', '\\', 'u', '{', '}', '[', ']', 'n', '\u0001', '\u001f', '\ud800'),
    });
    const variant = fc.oneof(
      fc.tuple(fc.dictionary(fc.string(), json), edit).map(([record, { at, remove, insert }]) => {
        const text = canonicalize(record);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + remove);
      }),
      fc.dictionary(fc.string(), json).map((record) => JSON.stringify(record)),
      fc.dictionary(fc.string(), json).map((record) => JSON.stringify(record, null, 1)),
    );
    fc.assert(
      fc.property(variant, (text) => {
        if (canonicalMembers(text) === undefined) return;
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
