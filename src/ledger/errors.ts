/**
 * What went wrong, as a stable code a caller can branch on. Verification
 * failures throw LedgerError; any other exception is a bug.
 */
export type LedgerErrorCode =
  /** canonicalize: the value is not I-JSON (RFC 8785 section 3.1): NaN, undefined, a lone surrogate... */
  | 'NON_CANONICAL_VALUE'
  /** base64 or hex that is not the one canonical encoding */
  | 'BAD_ENCODING'
  /** a leaf index or tree size out of range, or an index line out of sequence in a bundle */
  | 'BAD_INDEX'
  /** a node getter could not supply a stored subtree hash */
  | 'MISSING_NODE'
  /** a proof with the wrong number or size of hashes for its sizes */
  | 'BAD_PROOF'
  /** the recomputed root differs from the one claimed */
  | 'ROOT_MISMATCH'
  /** a note or checkpoint that does not parse */
  | 'BAD_CHECKPOINT'
  /** a verifier key or public key that does not parse */
  | 'BAD_KEY'
  /** no signature by the expected key, or one that does not verify */
  | 'BAD_SIGNATURE'
  /** a bundle signed by a key other than the one the verifier was told to trust */
  | 'UNTRUSTED_KEY'
  /** a stored leaf hash differs from the hash of its entry */
  | 'LEAF_MISMATCH'
  /** an entry that is not a ledger entry of this production */
  | 'BAD_ENTRY'
  /** a bundle line that does not parse or is out of place */
  | 'BAD_BUNDLE'
  /** a bundle without any checkpoint */
  | 'NO_CHECKPOINT'
  /** a bundle that ends before the size of its last checkpoint */
  | 'TRUNCATED'
  /** a bundle entry beyond its last checkpoint, which no signature covers */
  | 'UNSIGNED_ENTRY'
  /** the pinned checkpoint's root differs, or the bundle does not reach its size */
  | 'PINNED_MISMATCH';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  readonly code: LedgerErrorCode;
  /** The leaf index the failure points at, when there is one. */
  readonly index?: number;

  constructor(code: LedgerErrorCode, message: string, index?: number) {
    super(message);
    this.code = code;
    if (index !== undefined) this.index = index;
  }
}
