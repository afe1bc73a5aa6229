import type { TeamStatus } from '../../../../shared/team-schemas';

/** « 14:05 », the time of day on this computer. */
export function timeOfDay(iso: string): string {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The short line of the top bar; null when this computer is not in a team (the link then just says « Équipe »). */
export function statusLine(status: TeamStatus): string | null {
  switch (status.state) {
    case 'non-connecte':
      return null;
    case 'mot-de-passe-requis':
      return 'mot de passe à saisir';
    case 'en-cours':
      return status.pending > 0 ? `en cours (${status.pending} à envoyer)` : 'en cours';
    case 'a-jour':
      return status.lastSyncAt ? `à jour à ${timeOfDay(status.lastSyncAt)}` : 'à jour';
    case 'hors-ligne':
      return 'hors ligne';
    case 'identifiants-refuses':
      return 'identifiants refusés';
    case 'serveur-injoignable':
      return 'serveur injoignable';
  }
}

/** What the person can do about the state, in a few words (the page shows core's full message). */
export function statusAdvice(status: TeamStatus): string {
  switch (status.state) {
    case 'non-connecte':
      return 'Rejoignez l’espace de votre équipe pour partager annotations et projets.';
    case 'mot-de-passe-requis':
      return 'Saisissez votre mot de passe pour reprendre la synchronisation.';
    case 'en-cours':
      return 'Rien à faire : vous pouvez continuer à travailler.';
    case 'a-jour':
      return 'Vos annotations et vos projets sont partagés avec l’équipe.';
    case 'hors-ligne':
      return 'Continuez à travailler : vos modifications partiront au retour du réseau.';
    case 'identifiants-refuses':
      return 'Saisissez à nouveau votre mot de passe ; s’il a changé, demandez-le à votre service informatique.';
    case 'serveur-injoignable':
      return 'Vos modifications attendent sur ce poste ; si cela dure, prévenez votre service informatique.';
  }
}

/** States where something is wrong and the person may have to act. */
export function isTrouble(status: TeamStatus): boolean {
  return ['mot-de-passe-requis', 'identifiants-refuses', 'serveur-injoignable', 'hors-ligne'].includes(status.state);
}

/**
 * Checked as the address is typed, before asking the server: https, except on this computer
 * (the test server, an SSH tunnel). Core checks it again.
 */
export function serverAddressProblem(address: string): string | null {
  const trimmed = address.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'Adresse invalide : elle commence par https://, par exemple https://equipe.mon-departement.fr';
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (local && url.protocol === 'http:')) return null;
  return 'L’adresse doit commencer par https:// (seul un serveur sur ce poste peut utiliser http://).';
}

/**
 * « par Claire Martin » under a teammate's note or project; null for one's own (made here, or
 * signed with one's team login) and for a record whose author is unknown.
 */
export function byline(record: { authorLogin: string; authorName: string }, myLogin: string | null): string | null {
  if (!record.authorLogin || record.authorLogin === myLogin) return null;
  return `par ${record.authorName.trim() || record.authorLogin}`;
}

/** « Les miennes / Toute l’équipe »: a record is mine when made here or signed with my team login. */
export function isMine(record: { authorLogin: string }, myLogin: string | null): boolean {
  return !record.authorLogin || record.authorLogin === myLogin;
}

const ignoredKinds: Record<string, string> = {
  annotation: 'Une annotation',
  project: 'Un projet',
  project_link: 'Un lien entre un projet et une fiche',
  territory: 'Le territoire de l’équipe',
};

/** What an ignored document was meant to be, in plain words (its id is `kind:uuid`, or `territory`). */
export function ignoredDocumentLabel(docId: string): string {
  return ignoredKinds[docId === 'territory' ? docId : docId.split(':')[0] ?? ''] ?? 'Un document que Kits ESS ne connaît pas';
}
