import yauzl from 'yauzl';
import { maxDocxUnzippedBytes } from '../../shared/document-limits';
import { ExtractionError } from './extraction-error';

/** At most this many parts in a DOCX (a real one has a few dozen). */
const maxDocxEntries = 10_000;
/** docProps/core.xml is a few hundred bytes; a larger one is not read. */
const maxCorePropertiesBytes = 1_000_000;

export interface DocxCheck {
  /** docProps/core.xml (title, author, dates), when present and small. */
  coreProperties: string | null;
}

/**
 * Reads a DOCX through yauzl before mammoth unzips it: a file whose parts declare more than
 * maxDocxUnzippedBytes (a zip bomb) is refused before inflating anything, and every part is then
 * inflated once with yauzl checking that its bytes match its declared size, so that a directory
 * under-declaring its sizes is refused too instead of reaching mammoth.
 */
export function checkDocx(bytes: Uint8Array): Promise<DocxCheck> {
  const invalid = () => new ExtractionError('invalid', 'Ce fichier Word (.docx) est illisible ou endommagé. Rien n’a été importé.');
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) return reject(invalid());
      let declared = 0;
      let entries = 0;
      let coreProperties: string | null = null;
      const fail = (error: ExtractionError) => {
        zip.close();
        reject(error);
      };
      zip.on('error', () => fail(invalid()));
      zip.on('end', () => resolve({ coreProperties }));
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        declared += entry.uncompressedSize;
        if (entries > maxDocxEntries || declared > maxDocxUnzippedBytes) {
          return fail(
            new ExtractionError(
              'invalid',
              `Ce fichier Word se décompresse en plus de ${maxDocxUnzippedBytes / 1_000_000} Mo : il est refusé par prudence. Rien n’a été importé.`,
            ),
          );
        }
        const keep = entry.fileName === 'docProps/core.xml' && entry.uncompressedSize <= maxCorePropertiesBytes;
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(invalid());
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => {
            if (keep) chunks.push(chunk);
          });
          stream.on('error', () => fail(invalid()));
          stream.on('end', () => {
            if (keep) coreProperties = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
