// localStorage, read and written without ever throwing: private browsing or a
// full disk turns it off, and then the app carries on with what it has in memory.

export function readText(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeText(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not kept across reloads; this page still works.
  }
}

/** Parses what `writeJson` stored; anything unreadable counts as nothing stored. */
export function readJson<T>(key: string): T | null {
  const text = readText(key);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  writeText(key, JSON.stringify(value));
}

/** Removes every key that starts with `prefix`. */
export function removeAll(prefix: string): void {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((key): key is string => key?.startsWith(prefix) === true);
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // Nothing was kept, so nothing is left behind.
  }
}
