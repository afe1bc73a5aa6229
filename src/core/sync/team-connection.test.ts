import { describe, expect, it } from 'vitest';
import { checkServerUrl } from './team-connection';

describe('team server address', () => {
  it('requires https, except for a server on this computer', () => {
    expect(checkServerUrl(' https://equipe.departement05.fr/ ')).toBe('https://equipe.departement05.fr');
    expect(checkServerUrl('http://127.0.0.1:5984')).toBe('http://127.0.0.1:5984');
    expect(checkServerUrl('http://localhost:5984/')).toBe('http://localhost:5984');
    expect(() => checkServerUrl('http://equipe.departement05.fr')).toThrow(/doit commencer par https:\/\//);
    expect(() => checkServerUrl('ftp://127.0.0.1')).toThrow(/doit commencer par https:\/\//);
  });

  it('refuses an address carrying credentials or parameters, and one that is not an address', () => {
    expect(() => checkServerUrl('https://alice:secret@equipe.fr')).toThrow(/ni identifiant, ni mot de passe/);
    expect(() => checkServerUrl('https://equipe.fr/?x=1')).toThrow(/ni identifiant, ni mot de passe/);
    expect(() => checkServerUrl('equipe du département')).toThrow(/Adresse de serveur invalide/);
  });
});
