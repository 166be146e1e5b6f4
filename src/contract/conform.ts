// Whether a value is exactly what the contract describes. A zod object
// schema drops keys it does not declare, so parsing alone would let a field a
// service adds, and the schema forgets, vanish without a word; comparing the
// parse with the value itself names it instead.
import type { z } from 'zod';

/**
 * Where `value`, as it goes over the wire (JSON), differs from what `schema`
 * makes of it: a refused field, or a key the schema does not declare. Null
 * when it conforms exactly.
 */
export function nonconformity(schema: z.ZodType, value: unknown): string | null {
  const wire: unknown = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  const parsed = schema.safeParse(wire);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(the whole value)'}: ${issue.message}`).join('; ');
  }
  return difference(wire, parsed.data, '');
}

function difference(sent: unknown, declared: unknown, path: string): string | null {
  const here = path || '(the whole value)';
  if (Array.isArray(sent) && Array.isArray(declared)) {
    if (sent.length !== declared.length) return `${here}: ${sent.length} items, ${declared.length} as the contract reads them`;
    for (let i = 0; i < sent.length; i++) {
      const found = difference(sent[i], declared[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (isRecord(sent) && isRecord(declared)) {
    for (const key of Object.keys(sent)) {
      const inner = path ? `${path}.${key}` : key;
      if (!Object.hasOwn(declared, key)) return `${inner}: not in the contract`;
      const found = difference(sent[key], declared[key], inner);
      if (found) return found;
    }
    const added = Object.keys(declared).find((key) => !Object.hasOwn(sent, key));
    return added === undefined ? null : `${path ? `${path}.${added}` : added}: added by the contract (a default?)`;
  }
  return Object.is(sent, declared) ? null : `${here}: ${JSON.stringify(sent)} reads as ${JSON.stringify(declared)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
