import { parseArgs } from 'node:util';
import { defaultAdmin, startTeamServer } from './team-server';

/** `npm run team-server -- --port N --dir D`: a CouchDB-protocol server on 127.0.0.1 for tests and demos. */
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { port: { type: 'string', default: '5984' }, dir: { type: 'string', default: 'serveur-equipe' } },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Port invalide : ${values.port}.`);
  process.exit(2);
}
const user = process.env.COUCHDB_USER || defaultAdmin.user;
const password = process.env.COUCHDB_PASSWORD || defaultAdmin.password;
if (!process.env.COUCHDB_USER || !process.env.COUCHDB_PASSWORD) {
  console.log(`Administrateur par défaut (COUCHDB_USER / COUCHDB_PASSWORD non définis) : ${user} / ${password}`);
}
startTeamServer({ dir: values.dir, port, admin: { user, password } }).then(
  (server) => {
    console.log(`Serveur d’équipe de test prêt (données : ${values.dir}) :`);
    console.log(server.url);
    const stop = (): void => {
      void server.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    console.error(`Le serveur d’équipe n’a pas démarré : ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
