// Photos and PDFs that wait on the device with a queued write: localStorage
// holds text of a few megabytes at most, IndexedDB holds the files themselves.
// Every call settles: without IndexedDB (private browsing) a file is kept in
// memory for as long as the page stays open.

const dbName = 'setbook-files';
const storeName = 'files';
const inMemory = new Map<string, Blob>();

let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(dbName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  return open().then(
    (db) =>
      new Promise((resolve) => {
        if (!db) return resolve(null);
        try {
          const request = act(db.transaction(storeName, mode).objectStore(storeName));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(null);
        } catch {
          resolve(null);
        }
      }),
  );
}

/** A stored file as it goes back on the wire: its bytes, name and type. */
export interface KeptFile {
  key: string;
  name: string;
  type: string;
}

export async function keepFile(key: string, file: Blob): Promise<void> {
  inMemory.set(key, file);
  // Stored as bytes, not as the picked File: some browsers lose a File's data once its input is cleared.
  const bytes = await file.arrayBuffer();
  await run('readwrite', (store) => store.put(new Blob([bytes], { type: file.type }), key));
}

export async function readFile(key: string): Promise<Blob | null> {
  return inMemory.get(key) ?? ((await run<Blob | undefined>('readonly', (store) => store.get(key))) || null);
}

export async function dropFile(key: string): Promise<void> {
  inMemory.delete(key);
  await run('readwrite', (store) => store.delete(key));
}
