import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { appVersion, builtRendererDir, bundledContentDir } from '../core/app-paths';
import { openOrExplain } from '../core/backup/startup';
import { defaultDataDir } from '../core/paths';
import { createDispatch } from '../shared/dispatch';
import { KbError } from '../shared/errors';
import { createWebHost } from './web-host';

export interface WebHostLaunch {
  dataDir: string;
  port: number;
}

/** Starts the web host on 127.0.0.1 and prints the address to open, token included. */
export async function runWebHost({ dataDir, port }: WebHostLaunch): Promise<void> {
  if (!fs.existsSync(builtRendererDir)) {
    throw new KbError('not_found', `L’interface n’est pas construite (${builtRendererDir} absent) : lancez « npm run build ».`);
  }
  // An unreadable database is set aside; the error's message (printed by main.ts) gives the commands to run.
  const kb = openOrExplain({ dataDir, appVersion: appVersion(), bundledContentDir });
  // Team sync resumes with KITS_ESS_PASSWORD; otherwise the page « Espace d’équipe » asks for it (connectTeam).
  const teamPassword = process.env.KITS_ESS_PASSWORD;
  if (teamPassword && kb.team.connection()) {
    kb.team.usePassword(teamPassword);
    kb.team.start();
  }
  const token = randomBytes(24).toString('base64url');
  const dispatch = createDispatch(kb.handlers(), (error) => console.error(error));
  const server = createWebHost({ dispatch, rendererDir: builtRendererDir, token });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  console.log(`Kits ESS est prêt (données : ${kb.dataDir}).`);
  console.log(`Ouvrez cette adresse dans votre navigateur : http://127.0.0.1:${address.port}/#token=${token}`);
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    void kb.shutdown().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function parseWebHostArgs(args: string[]): WebHostLaunch {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KbError('invalid_input', `Port invalide : ${values.port}.`);
  }
  return { dataDir: values['data-dir'] ?? defaultDataDir(), port };
}
