import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir';

export const vocabularyYaml = `themes:
  - coopération
  - commande publique
  - insertion
echelons:
  - commune
  - epci
  - departement
  - region
competences:
  commune:
    - commande publique
  departement:
    - insertion et RSA
  region:
    - aides aux entreprises
`;

export function kitYaml(edition = '2026-01-01', extra = ''): string {
  return `title: Kit d’essai
scale: commune
year: 2020
edition: "${edition}"
publisher: RTES
source_url: https://rtes.fr
description: Un kit pour les tests.
${extra}`;
}

export function ficheMd(number: number, title: string, body: string, themes = ['coopération']): string {
  return `---
numero: ${number}
titre: ${title}
resume: Résumé de la fiche ${number}.
themes:
${themes.map((t) => `  - ${t}`).join('\n')}
competences:
  - commande publique
echelons:
  - commune
source: https://rtes.fr
---

${body}
`;
}

/** Writes a pack of files (relative path -> text) into a fresh temp folder. */
export function writePack(files: Record<string, string>): string {
  const root = tempDir('kits-ess-pack-');
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** A small valid pack: one kit with two fiches. */
export function validPackFiles(edition = '2026-01-01'): Record<string, string> {
  return {
    'vocabulaire.yml': vocabularyYaml,
    'essai/kit.yml': kitYaml(edition, 'missing:\n  - number: 3\n'),
    'essai/01-premiere-fiche.md': ficheMd(1, 'Première fiche', '## L’essentiel\n\nLes coopératives agissent.'),
    'essai/02-deuxieme-fiche.md': ficheMd(2, 'Deuxième fiche', '## L’essentiel\n\nLa commande publique responsable.'),
  };
}
