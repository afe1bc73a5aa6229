import fs from 'node:fs';
import path from 'node:path';
import type { PasswordStore } from '../core/sync/team-sync';

/** Encrypts a short text for this user account (Electron's safeStorage in the app). */
export interface StringCipher {
  encrypt(text: string): Buffer;
  decrypt(blob: Buffer): string;
}

/** The file of the data folder holding the encrypted team password (not in backups, which copy the database only). */
export const teamPasswordFileName = path.join('equipe', 'mot-de-passe.chiffre');

/**
 * The team password kept between launches as an encrypted blob, so that sync resumes at start-up.
 * Without a cipher (no secure storage on this computer) it is held in memory only and asked again
 * at the next launch: it is never written in clear. An unreadable blob (another user account, a
 * keyring reset) counts as no password: the page « Espace d’équipe » asks for it.
 */
export function encryptedPasswordStore(file: string, cipher: StringCipher | null): PasswordStore {
  let password: string | null = null;
  let loaded = false;

  const load = (): void => {
    loaded = true;
    if (!cipher) return;
    try {
      password = cipher.decrypt(fs.readFileSync(file));
    } catch {
      password = null;
    }
  };

  return {
    get() {
      if (!loaded) load();
      return password;
    },
    set(value) {
      password = value;
      loaded = true;
      if (!cipher) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written beside, then renamed: a crash leaves the old blob or the new one, never half of one.
      const partial = `${file}.partiel`;
      fs.writeFileSync(partial, cipher.encrypt(value), { mode: 0o600 });
      fs.renameSync(partial, file);
    },
    clear() {
      password = null;
      loaded = true;
      fs.rmSync(file, { force: true });
    },
  };
}
