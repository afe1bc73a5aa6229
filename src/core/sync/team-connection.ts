import { KbError } from '../../shared/errors';

/** How a request to the team server failed, as the status the person sees. */
export type FailureState = 'hors-ligne' | 'serveur-injoignable' | 'identifiants-refuses';

export class TeamServerError extends Error {
  /** The HTTP status when the server answered with a refusal; undefined when it did not answer. */
  status?: number;

  constructor(
    readonly state: FailureState,
    message: string,
  ) {
    super(message);
    this.name = 'TeamServerError';
  }
}

/**
 * The server's address, checked: https, except on this computer (127.0.0.1, localhost) where
 * the test server and an SSH tunnel speak plain http. Returned without a trailing slash.
 */
export function checkServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new KbError('invalid_input', `Adresse de serveur invalide : « ${raw} ». Exemple : https://equipe.mon-departement.fr`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new KbError('invalid_input', 'L’adresse du serveur doit commencer par https:// (la connexion est chiffrée ; seul un serveur sur ce poste peut utiliser http://).');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new KbError('invalid_input', 'L’adresse du serveur ne contient ni identifiant, ni mot de passe, ni paramètres : saisissez-les dans leurs champs.');
  }
  return url.href.replace(/\/+$/, '');
}

/** Network failures without any answer: no network at all, or a server that does not answer. */
function networkFailure(error: unknown, server: string): TeamServerError {
  const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code ?? '';
  if (['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN'].includes(code)) {
    return new TeamServerError('hors-ligne', offlineMessage);
  }
  return new TeamServerError('serveur-injoignable', unreachableMessage(server));
}

export const offlineMessage =
  'Hors ligne : ce poste n’a pas accès au réseau. Continuez à travailler : vos modifications sont gardées et partiront au retour de la connexion.';

export function unreachableMessage(server: string): string {
  return `Le serveur d’équipe ${server} ne répond pas. Vos modifications restent sur ce poste et partiront dès qu’il répondra ; s’il reste muet, vérifiez l’adresse ou prévenez votre service informatique.`;
}

export function refusedMessage(login: string): string {
  return `Le serveur a refusé l’identifiant « ${login} » ou son mot de passe. Saisissez à nouveau votre mot de passe ; s’il a changé, demandez le nouveau à votre service informatique.`;
}

export interface Credentials {
  server: string;
  database: string;
  login: string;
  password: string;
}

export function basicAuth(login: string, password: string): string {
  return `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
}

/** A request to the team server; a failure without any answer becomes a TeamServerError (offline, unreachable). */
export async function request(url: string, init: RequestInit, server: string, timeoutMs = 15_000): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // A kept-alive connection the server closed meanwhile: these requests are safe to send again.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (attempt < 2 && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')) continue;
      throw networkFailure(error, server);
    }
  }
}

/**
 * Checks the login and password with `POST /_session`, then that the account may read the team
 * database. (A remote PouchDB's info() answers even with a wrong password: it proves nothing.)
 */
export async function checkCredentials({ server, database, login, password }: Credentials): Promise<void> {
  const session = await request(
    `${server}/_session`,
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ name: login, password }) },
    server,
  );
  if (session.status === 401 || session.status === 403) throw new TeamServerError('identifiants-refuses', refusedMessage(login));
  if (!session.ok) throw new TeamServerError('serveur-injoignable', unreachableMessage(server));
  const team = await request(`${server}/${encodeURIComponent(database)}`, { headers: { authorization: basicAuth(login, password), accept: 'application/json' } }, server);
  if (team.status === 401 || team.status === 403) {
    throw new TeamServerError(
      'identifiants-refuses',
      `Le compte « ${login} » n’a pas accès à l’équipe « ${database} » : demandez à votre service informatique de l’y ajouter.`,
    );
  }
  if (team.status === 404) {
    throw new TeamServerError('identifiants-refuses', `L’équipe « ${database} » n’existe pas sur ce serveur : vérifiez son nom auprès de votre service informatique.`);
  }
  if (!team.ok) throw new TeamServerError('serveur-injoignable', unreachableMessage(server));
}

/** Turns a replication error (PouchDB's, or ours) into a status the person understands. */
export function classifyFailure(error: unknown, server: string, login: string): TeamServerError {
  if (error instanceof TeamServerError) return error;
  const status = (error as { status?: number }).status;
  const failure = status === 401 || status === 403 ? new TeamServerError('identifiants-refuses', refusedMessage(login)) : networkFailure(error, server);
  failure.status = status;
  return failure;
}
