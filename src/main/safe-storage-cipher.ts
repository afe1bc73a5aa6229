import { safeStorage } from 'electron';
import type { StringCipher } from './team-password-store';

/**
 * Electron's safeStorage (Keychain, DPAPI, the desktop keyring), or null when it would not really
 * protect the password: unavailable, or on Linux without a keyring ('basic_text' uses a fixed key).
 * To be called once the app is ready.
 */
export function safeStorageCipher(): StringCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return { encrypt: (text) => safeStorage.encryptString(text), decrypt: (blob) => safeStorage.decryptString(blob) };
}
