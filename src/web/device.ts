// This device's id: random, made once and kept, so the 1st AD can see which
// phones and tablets have acknowledged a stop (S1) and which have not.
import { newIdempotencyKey } from './api.js';
import { readText, writeText } from './storage.js';

const deviceKey = 'setbook.device';
let current: string | null = null;

export function deviceId(): string {
  current ??= readText(deviceKey);
  if (!current) {
    current = newIdempotencyKey();
    writeText(deviceKey, current);
  }
  return current;
}
