import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-support/temp-dir';
import { encryptedPasswordStore, teamPasswordFileName, type StringCipher } from './team-password-store';

/** A real cipher (AES-256-GCM with a key of this test), standing for safeStorage outside Electron. */
function aesCipher(key = randomBytes(32)): StringCipher {
  return {
    encrypt(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const password = 'mot-de-passe-très-secret-42';

describe('team password kept by the desktop app', () => {
  it('survives a restart, encrypted: the file never holds the password in clear', () => {
    const file = path.join(tempDir(), teamPasswordFileName);
    const cipher = aesCipher();
    encryptedPasswordStore(file, cipher).set(password);
    const blob = fs.readFileSync(file);
    expect(blob.includes(Buffer.from(password, 'utf8'))).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    expect(encryptedPasswordStore(file, cipher).get()).toBe(password);
  });

  it('forgets it on leaving the team: the file is gone', () => {
    const file = path.join(tempDir(), teamPasswordFileName);
    const store = encryptedPasswordStore(file, aesCipher());
    store.set(password);
    store.clear();
    expect(store.get()).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('asks again rather than failing when the blob cannot be read (another account, damaged file)', () => {
    const file = path.join(tempDir(), teamPasswordFileName);
    encryptedPasswordStore(file, aesCipher()).set(password);
    expect(encryptedPasswordStore(file, aesCipher()).get()).toBeNull();
    fs.writeFileSync(file, 'pas un chiffré');
    expect(encryptedPasswordStore(file, aesCipher()).get()).toBeNull();
  });

  it('keeps it in memory only when this computer has no secure storage', () => {
    const dir = tempDir();
    const file = path.join(dir, teamPasswordFileName);
    const store = encryptedPasswordStore(file, null);
    store.set(password);
    expect(store.get()).toBe(password);
    expect(fs.readdirSync(dir, { recursive: true })).toEqual([]);
    expect(encryptedPasswordStore(file, null).get()).toBeNull();
  });
});
