import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import yazl from 'yazl';

/**
 * Test documents made by the tests themselves: PDFs with French text page by page (pdf-lib),
 * a page that is only an image, an encrypted copy (qpdf), a DOCX (yazl) and a zip bomb.
 */

/** A PDF whose page i holds the lines pages[i] (French text: WinAnsi covers é, ç, œ, « », ’). */
export async function textPdf(pages: readonly (readonly string[])[], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  if (title) pdf.setTitle(title);
  pdf.setAuthor('RTES');
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 50, y: 780 - index * 18, size: 12, font }));
  }
  return pdf.save();
}

/** A 2×2 grey PNG, built by hand (signature, IHDR, IDAT, IEND). */
function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.from([0, 0x80, 0x80, 0, 0x80, 0x80]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A scan: every page an image, no text layer. */
export async function imageOnlyPdf(pageCount = 2): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(tinyPng());
  for (let i = 0; i < pageCount; i += 1) pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return pdf.save();
}

/** The same PDF encrypted with qpdf (AES-256), opened by `password`. */
export function encryptedPdf(plain: Uint8Array, password: string, dir: string): Uint8Array {
  const input = path.join(dir, 'clair.pdf');
  const output = path.join(dir, 'chiffre.pdf');
  fs.writeFileSync(input, plain);
  execFileSync('qpdf', ['--encrypt', password, `${password}-proprietaire`, '256', '--', input, output]);
  return fs.readFileSync(output);
}

function zip(entries: Record<string, Buffer>, options: { declaredSize?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = new yazl.ZipFile();
    for (const [name, data] of Object.entries(entries)) archive.addBuffer(data, name, { compress: true });
    archive.end();
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => {
      const bytes = Buffer.concat(chunks);
      if (options.declaredSize !== undefined) declareSizes(bytes, options.declaredSize);
      resolve(bytes);
    });
  });
}

/** Rewrites the uncompressed size every central directory entry declares (a zip bomb claims gigabytes). */
function declareSizes(bytes: Buffer, size: number): void {
  for (let at = bytes.indexOf('PK\x01\x02', 0, 'latin1'); at !== -1; at = bytes.indexOf('PK\x01\x02', at + 4, 'latin1')) {
    bytes.writeUInt32LE(size, at + 24);
  }
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;
const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The parts of a minimal DOCX with one paragraph per line, a title and an author. */
export function docxParts(paragraphs: readonly string[], meta: { title: string; author: string }): Record<string, Buffer> {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  const core = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
<dc:title>${escapeXml(meta.title)}</dc:title><dc:creator>${escapeXml(meta.author)}</dc:creator><dcterms:created>2024-03-12T09:00:00Z</dcterms:created></cp:coreProperties>`;
  return {
    '[Content_Types].xml': Buffer.from(contentTypes),
    '_rels/.rels': Buffer.from(rootRels),
    'word/document.xml': Buffer.from(document),
    'docProps/core.xml': Buffer.from(core),
  };
}

/** A minimal DOCX with one paragraph per line, a title and an author. */
export function docx(paragraphs: readonly string[], meta: { title: string; author: string }, options: { declaredSize?: number } = {}): Promise<Buffer> {
  return zip(docxParts(paragraphs, meta), options);
}
