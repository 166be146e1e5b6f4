import { describe, expect, it } from 'vitest';
import { SecretHasher } from '../../src/services/secrets.js';

describe('hashing secrets', () => {
  const hasher = new SecretHasher();

  it('hashes a password at N=2^17 and a PIN at N=2^14, and verifies each', async () => {
    const password = await hasher.hash('correct horse battery');
    const pin = await hasher.hashPin('2733');
    expect(password).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(pin).toMatch(/^scrypt\$14\$8\$1\$/);
    expect(await hasher.verify('correct horse battery', password)).toBe(true);
    expect(await hasher.verify('2733', pin)).toBe(true);
    expect(await hasher.verify('2734', pin)).toBe(false);
  });

  it('never raises a PIN above a lower configured cost', async () => {
    expect(await new SecretHasher(10).hashPin('2733')).toMatch(/^scrypt\$10\$/);
  });
});
