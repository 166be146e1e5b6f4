import { blob, integer, table, text } from './define.js';

// Clustered on their keys (WITHOUT ROWID): an append dirties one page per table, not two.
// The log is append-only: the engine itself refuses rewrites.

export const ledgerEntries = table({
  name: 'ledger_entries',
  since: '0002_ledger',
  columns: {
    production_id: text({ references: 'productions.id' }),
    idx: integer(),
    leaf_hash: blob(),
    /** the RFC 8785 canonical JSON whose bytes were hashed */
    entry: text(),
    created_at: text(),
  },
  primaryKey: ['production_id', 'idx'],
  withoutRowid: true,
  appendOnly: true,
});

export const ledgerNodes = table({
  name: 'ledger_nodes',
  since: '0002_ledger',
  columns: {
    production_id: text(),
    level: integer(),
    idx: integer(),
    hash: blob(),
  },
  primaryKey: ['production_id', 'level', 'idx'],
  withoutRowid: true,
  appendOnly: true,
});

export const ledgerHeads = table({
  name: 'ledger_heads',
  since: '0002_ledger',
  columns: {
    production_id: text({ primaryKey: true, references: 'productions.id' }),
    tree_size: integer(),
    root_hash: blob(),
    checkpoint: text(),
    /** the hashes of rootNodes(tree_size), concatenated: all an append needs to read */
    frontier: blob(),
  },
  withoutRowid: true,
});

export const ledgerCheckpoints = table({
  name: 'ledger_checkpoints',
  since: '0002_ledger',
  columns: {
    production_id: text(),
    tree_size: integer(),
    root_hash: blob(),
    checkpoint: text(),
    created_at: text(),
  },
  primaryKey: ['production_id', 'tree_size'],
  withoutRowid: true,
  appendOnly: true,
});
