import path from 'node:path';
import { KbError } from '../../shared/errors';
import type { DocumentFormat } from '../../shared/document-schemas';

const formatsByExtension: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

export const formatLabels: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  markdown: 'Markdown',
  html: 'HTML',
  text: 'texte',
};

export const mimeTypes: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether the bytes hold what the format needs to begin with. */
const looksLike: Record<DocumentFormat, (bytes: Uint8Array) => boolean> = {
  // PDF readers accept the header anywhere in the first kilobyte.
  pdf: (bytes) => Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-'),
  docx: (bytes) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04,
  markdown: isUtf8Text,
  html: isUtf8Text,
  text: isUtf8Text,
};

/**
 * The format of a file, from its extension, checked against its first bytes: a file that is
 * not what its name says is refused before any reader sees it.
 */
export function documentFormatOf(fileName: string, bytes: Uint8Array): DocumentFormat {
  const extension = path.extname(fileName).toLowerCase();
  const format = formatsByExtension[extension];
  if (!format) {
    throw new KbError(
      'invalid_input',
      `« ${fileName} » : format non pris en charge. La bibliothèque accepte les fichiers PDF, Word (.docx), Markdown (.md), HTML et texte (.txt).`,
    );
  }
  if (!looksLike[format](bytes)) {
    throw new KbError(
      'invalid_input',
      `« ${fileName} » n’est pas un fichier ${formatLabels[format]} valide : son contenu ne correspond pas à son extension. Rien n’a été importé.`,
    );
  }
  return format;
}
