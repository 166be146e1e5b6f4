import type { FieldError } from '../services/problem.js';

/**
 * Text Setbook cannot keep as sent: a lone surrogate has no UTF-8 form, so the
 * ledger's canonical JSON refuses it (RFC 8785 section 3.1 asks for I-JSON),
 * and PostgreSQL text cannot hold NUL. Refused up front, naming each field.
 */
const UNSTORABLE = /\u0000|\p{Cs}/u;

export function unstorableText(value: unknown, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  // An explicit stack: a 256 KB body can nest deeper than the call stack.
  const stack: Array<[unknown, string]> = [[value, prefix]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) errors.push({ path: path || 'body', message: 'contains a character that cannot be stored (NUL or half an emoji)' });
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) stack.push([inner, path ? `${path}.${key}` : key]);
    }
  }
  return errors;
}
