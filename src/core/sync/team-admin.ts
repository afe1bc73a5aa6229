import { randomBytes } from 'node:crypto';
import { KbError } from '../../shared/errors';
import { teamDatabasePattern } from '../../shared/team-schemas';
import { basicAuth, checkServerUrl } from './team-connection';

export interface TeamMember {
  login: string;
  /** Null: a password is generated, and printed once. */
  password: string | null;
}

export interface TeamInitReport {
  database: string;
  role: string;
  databaseCreated: boolean;
  members: { login: string; created: boolean; generatedPassword: string | null }[];
}

/** The role naming a team's members in _users and in the database's _security object. */
export function teamRole(team: string): string {
  return `kits-ess-${team}`;
}

/** « alice » or « alice:motdepasse » (the password may contain colons). */
export function parseMember(spec: string): TeamMember {
  const colon = spec.indexOf(':');
  const login = colon < 0 ? spec : spec.slice(0, colon);
  const password = colon < 0 ? null : spec.slice(colon + 1);
  if (!/^[a-z0-9][a-z0-9._@-]{0,99}$/i.test(login)) throw new KbError('invalid_input', `Identifiant de membre invalide : « ${login} » (lettres, chiffres, points, tirets).`);
  if (password !== null && password.length < 8) throw new KbError('invalid_input', `Le mot de passe de « ${login} » doit faire au moins 8 caractères.`);
  return { login, password };
}

/**
 * Creates a team on a CouchDB 3 server with its documented HTTP API only: the database, each
 * member in _users with the team's role, and the database's _security object naming that role
 * as members (a new database is admin-only until then). Running it again adds the missing
 * members and changes the given passwords; nothing is deleted.
 */
export async function initTeam(options: { server: string; team: string; members: TeamMember[]; admin: { user: string; password: string } }): Promise<TeamInitReport> {
  const server = checkServerUrl(options.server);
  const { team } = options;
  if (!teamDatabasePattern.test(team)) {
    throw new KbError('invalid_input', `Nom d’équipe invalide : « ${team} » (lettres minuscules, chiffres, tirets et soulignés, en commençant par une lettre).`);
  }
  const role = teamRole(team);
  const headers = { authorization: basicAuth(options.admin.user, options.admin.password), 'content-type': 'application/json', accept: 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${server}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new KbError('invalid_input', `Le serveur ${server} ne répond pas : vérifiez l’adresse et qu’il est démarré.`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new KbError('invalid_input', 'Le serveur a refusé le compte administrateur (COUCHDB_USER / COUCHDB_PASSWORD).');
    }
    return response;
  };
  const failed = async (what: string, response: Response) =>
    new KbError('invalid_input', `${what} : le serveur a répondu ${response.status} (${(await response.text()).slice(0, 200)}).`);

  const created = await call('PUT', `/${encodeURIComponent(team)}`);
  if (created.status !== 201 && created.status !== 202 && created.status !== 412) throw await failed(`Création de la base « ${team} »`, created);

  const members: TeamInitReport['members'] = [];
  for (const member of options.members) {
    const path = `/_users/${encodeURIComponent(`org.couchdb.user:${member.login}`)}`;
    const existing = await call('GET', path);
    const current = existing.ok ? ((await existing.json()) as { _rev: string; roles?: string[] } & Record<string, unknown>) : null;
    const generatedPassword = !current && member.password === null ? randomBytes(12).toString('base64url') : null;
    const password = member.password ?? generatedPassword;
    const roles = [...new Set([...(current?.roles ?? []), role])];
    const user = { ...(current ?? {}), _id: `org.couchdb.user:${member.login}`, name: member.login, type: 'user', roles, ...(password ? { password } : {}) };
    const saved = await call('PUT', path, user);
    if (!saved.ok) throw await failed(`Enregistrement du membre « ${member.login} »`, saved);
    members.push({ login: member.login, created: !current, generatedPassword });
  }

  const securityPath = `/${encodeURIComponent(team)}/_security`;
  const current = await call('GET', securityPath);
  const security = current.ok ? ((await current.json()) as { admins?: { names?: string[]; roles?: string[] }; members?: { names?: string[]; roles?: string[] } }) : {};
  const updated = {
    admins: { names: security.admins?.names ?? [], roles: security.admins?.roles ?? [] },
    members: { names: security.members?.names ?? [], roles: [...new Set([...(security.members?.roles ?? []), role])] },
  };
  const saved = await call('PUT', securityPath, updated);
  if (!saved.ok) throw await failed(`Droits d’accès de la base « ${team} »`, saved);
  return { database: team, role, databaseCreated: created.status !== 412, members };
}
