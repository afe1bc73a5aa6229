import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundledContentDir } from '../core/app-paths';
import { readPack } from '../core/content/read-pack';
import { writePackZip } from '../core/content/zip-pack';

// `npm run pack-content -- --out FICHIER.zip`: the kits of content/ as one update file,
// checked first as the importer will check it.
const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const edition = readPack(bundledContentDir, 'content').edition;
const out = path.resolve(values.out ?? `kits-ess-contenu-${edition}.zip`);
const { files } = await writePackZip(bundledContentDir, out);
console.log(`Paquet de contenu écrit : ${out} (édition ${edition}, ${files} fichiers).`);
