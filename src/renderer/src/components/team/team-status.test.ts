import { describe, expect, it } from 'vitest';
import type { TeamStatus } from '../../../../shared/team-schemas';
import { byline, ignoredDocumentLabel, isMine, serverAddressProblem, statusAdvice, statusLine } from './team-status';

const base: TeamStatus = {
  state: 'a-jour',
  message: '',
  connection: { server: 'https://equipe.example.fr', database: 'equipe-05', login: 'alice', displayName: 'Alice' },
  lastSyncAt: null,
  pending: 0,
  conflicts: 0,
  ignored: 0,
  lastRound: null,
  changesReceived: 0,
};

describe('team status line of the top bar', () => {
  it('says up to date with the time of the last round on this computer', () => {
    const at = new Date(2026, 11, 4, 9, 5).toISOString();
    expect(statusLine({ ...base, lastSyncAt: at })).toBe('à jour à 09:05');
  });

  it('counts the changes waiting during a round', () => {
    expect(statusLine({ ...base, state: 'en-cours', pending: 3 })).toBe('en cours (3 à envoyer)');
    expect(statusLine({ ...base, state: 'en-cours', pending: 0 })).toBe('en cours');
  });

  it('names each failure in plain words', () => {
    expect(statusLine({ ...base, state: 'hors-ligne' })).toBe('hors ligne');
    expect(statusLine({ ...base, state: 'identifiants-refuses' })).toBe('identifiants refusés');
    expect(statusLine({ ...base, state: 'serveur-injoignable' })).toBe('serveur injoignable');
    expect(statusLine({ ...base, state: 'mot-de-passe-requis' })).toBe('mot de passe à saisir');
  });

  it('says nothing when this computer is in no team', () => {
    expect(statusLine({ ...base, state: 'non-connecte', connection: null })).toBeNull();
  });

  it('tells what to do in each trouble state', () => {
    expect(statusAdvice({ ...base, state: 'identifiants-refuses' })).toMatch(/mot de passe/);
    expect(statusAdvice({ ...base, state: 'hors-ligne' })).toMatch(/partiront au retour du réseau/);
    expect(statusAdvice({ ...base, state: 'serveur-injoignable' })).toMatch(/service informatique/);
  });
});

describe('server address', () => {
  it('requires https except on this computer', () => {
    expect(serverAddressProblem('http://equipe.example.fr')).toMatch(/https:\/\//);
    expect(serverAddressProblem('https://equipe.example.fr')).toBeNull();
    expect(serverAddressProblem('http://127.0.0.1:5984')).toBeNull();
    expect(serverAddressProblem('http://localhost:5984')).toBeNull();
    expect(serverAddressProblem('pas une adresse')).toMatch(/Adresse invalide/);
  });
});

describe('authorship', () => {
  it('names a teammate, not oneself nor a note made here', () => {
    expect(byline({ authorLogin: 'claire', authorName: 'Claire Martin' }, 'alice')).toBe('par Claire Martin');
    expect(byline({ authorLogin: 'claire', authorName: ' ' }, 'alice')).toBe('par claire');
    expect(byline({ authorLogin: 'alice', authorName: 'Alice' }, 'alice')).toBeNull();
    expect(byline({ authorLogin: '', authorName: 'Alice' }, 'alice')).toBeNull();
  });

  it('counts as mine what I made here or signed with my login', () => {
    expect(isMine({ authorLogin: '' }, 'alice')).toBe(true);
    expect(isMine({ authorLogin: 'alice' }, 'alice')).toBe(true);
    expect(isMine({ authorLogin: 'claire' }, 'alice')).toBe(false);
  });
});

describe('ignored documents', () => {
  it('names what a document was meant to be', () => {
    expect(ignoredDocumentLabel('annotation:6f1c1a8e-8a8c-4c1e-9b7a-1c2d3e4f5a6b')).toBe('Une annotation');
    expect(ignoredDocumentLabel('territory')).toBe('Le territoire de l’équipe');
    expect(ignoredDocumentLabel('bidule')).toBe('Un document que Kits ESS ne connaît pas');
  });
});
