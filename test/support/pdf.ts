import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/** Every numbered object of a PDF, its dictionary and its stream (inflated). */
function objects(pdf: Buffer): Map<string, PdfObject> {
  const raw = pdf.toString('latin1');
  const found = new Map<string, PdfObject>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([^]*?)endobj/g)) {
    const body = match[2]!;
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt < 0) {
      found.set(match[1]!, { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const start = match.index! + match[0].indexOf(body) + body.indexOf('\n', streamAt) + 1;
    const bytes = pdf.subarray(start, raw.indexOf('endstream', start));
    let stream: Buffer | null;
    try {
      stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(bytes) : bytes;
    } catch {
      stream = null;
    }
    found.set(match[1]!, { dict, stream });
  }
  return found;
}

/** A ToUnicode CMap (ISO 32000-1, 9.10.3): each 2-byte code to the text it stands for. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(code!, 16), utf16(text!.replace(/\s/g, '')));
  }
  for (const block of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const [, from, to, target] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const first = parseInt(from!, 16);
      const last = parseInt(to!, 16);
      if (target!.startsWith('[')) {
        // A ligature's entry holds several characters, written with spaces between: <0066 0069>.
        [...target!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((m, i) => map.set(first + i, utf16(m[1]!.replace(/\s/g, ''))));
      } else {
        const base = parseInt(target!.slice(1, -1), 16);
        for (let code = first; code <= last; code++) map.set(code, String.fromCharCode(base + code - first));
      }
    }
  }
  return map;
}

/**
 * What a PDF says, read back without a PDF library: each content stream's
 * text-showing operators joined into one line each. A font embedded with a
 * ToUnicode map (Setbook's DejaVu) is read through it; a standard font's
 * strings are Windows-1252.
 */
export function pdfText(pdf: Buffer): string {
  const all = objects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of all.values()) {
    for (const resources of dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const [, name, ref] of resources[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
        const unicode = /\/ToUnicode\s+(\d+) 0 R/.exec(all.get(ref!)?.dict ?? '')?.[1];
        const cmap = unicode ? all.get(unicode)?.stream : null;
        if (cmap) fonts.set(name!, toUnicode(cmap.toString('latin1')));
      }
    }
  }
  const lines: string[] = [];
  for (const { stream } of all.values()) {
    if (!stream) continue;
    const content = stream.toString('latin1');
    let font: Map<number, string> | undefined;
    const operators = /\/(\w+)\s+[-\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\]\s*TJ|(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))\s*Tj/g;
    for (const shown of content.matchAll(operators)) {
      if (shown[1] !== undefined) {
        font = fonts.get(shown[1]);
        continue;
      }
      let text = '';
      for (const part of (shown[2] ?? shown[3]!).matchAll(/<([0-9a-fA-F]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
        if (part[1] === undefined) text += part[2]!.replace(/\\(.)/g, '$1');
        else if (font) for (let i = 0; i + 4 <= part[1].length; i += 4) text += font.get(parseInt(part[1].slice(i, i + 4), 16)) ?? '\ufffd';
        else text += Buffer.from(part[1], 'hex').toString('latin1');
      }
      lines.push(text);
    }
  }
  return lines.join('\n');
}

/** How many pages a PDF has: its page objects, not the page tree. */
export function pdfPages(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type\s*\/Page(?![s\w])/g)].length;
}
