import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';
import { frenchDate } from '../../shared/french-dates';
import type { SharedNote } from '../../shared/schemas';
import { groupByFiche, orphanLine, signature } from '../../shared/shared-notes';

/**
 * Word documents (.docx) for the people who work in Word or LibreOffice: plain paragraphs with
 * the built-in heading styles, so that the reader can restyle and edit them freely.
 */

export function heading(text: string, level: 1 | 2 | 3): Paragraph {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  return new Paragraph({ heading: levels[level], children: [new TextRun(text)] });
}

/** Text kept line by line: a note's paragraphs stay paragraphs, its single line breaks stay breaks. */
export function textParagraphs(text: string, style: { italics?: boolean; indent?: boolean } = {}): Paragraph[] {
  return text
    .split(/\n{2,}/)
    .filter((block) => block.trim() !== '')
    .map(
      (block) =>
        new Paragraph({
          ...(style.indent ? { indent: { left: 567 } } : {}),
          children: block.split('\n').map((line, index) => new TextRun({ text: line, italics: style.italics, ...(index > 0 ? { break: 1 } : {}) })),
        }),
    );
}

export function line(text: string, options: { italics?: boolean; bold?: boolean } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, ...options })] });
}

/** « Fiche officielle : https://… » with the address written out, clickable in the document. */
export function officialLink(url: string): Paragraph {
  const children: ParagraphChild[] = [
    new TextRun('Fiche officielle : '),
    new ExternalHyperlink({ link: url, children: [new TextRun({ text: url, style: 'Hyperlink' })] }),
  ];
  return new Paragraph({ children });
}

/** A quoted passage, between guillemets, indented and in italics. */
export function quote(text: string): Paragraph[] {
  return textParagraphs(`« ${text} »`, { italics: true, indent: true });
}

export async function wordFile(title: string, paragraphs: Paragraph[]): Promise<string> {
  const document = new Document({
    creator: 'Kits ESS',
    title,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children: paragraphs }],
  });
  return Packer.toBase64String(document);
}

/** Chosen notes, grouped by fiche, each with its passage, note, tags, author and date. */
export function notesDocument(notes: readonly SharedNote[], exportedAt: string, exportedBy: string): Promise<string> {
  const title = 'Notes Kits ESS';
  const count = notes.length > 1 ? `${notes.length} notes` : '1 note';
  const paragraphs: Paragraph[] = [
    heading(title, 1),
    line(`${count}, exportées le ${frenchDate(exportedAt)}${exportedBy ? ` par ${exportedBy}` : ''}.`, { italics: true }),
  ];
  for (const group of groupByFiche(notes)) {
    paragraphs.push(heading(group.ficheReference, 2));
    if (group.sourceUrl) paragraphs.push(officialLink(group.sourceUrl));
    for (const note of group.notes) {
      paragraphs.push(...(note.quote ? quote(note.quote) : [line(note.wholeLine, { italics: true })]));
      if (note.orphan) paragraphs.push(line(orphanLine, { italics: true }));
      paragraphs.push(...textParagraphs(note.note));
      if (note.tags.length > 0) paragraphs.push(line(`Étiquettes : ${note.tags.join(', ')}`));
      paragraphs.push(line(signature(note), { italics: true }));
    }
  }
  return wordFile(title, paragraphs);
}
