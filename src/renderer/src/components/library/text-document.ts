import type { DocumentFormat } from '../../../../shared/document-schemas';
import { renderMarkdown, sanitizeHtml } from '../fiches/render-markdown';

/** Plain text as paragraphs (blank lines) and line breaks, built from text nodes: nothing is parsed as HTML. */
function textToFragment(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of text.split(/\n{2,}/)) {
    const paragraph = document.createElement('p');
    block.split('\n').forEach((line, index) => {
      if (index > 0) paragraph.append(document.createElement('br'));
      paragraph.append(line);
    });
    fragment.append(paragraph);
  }
  return fragment;
}

/**
 * A document that is not a PDF, as safe DOM nodes: Markdown and HTML rendered and sanitized as
 * fiches are; Word and text documents shown as their extracted text (what annotations point into).
 */
export function renderTextDocument(format: Exclude<DocumentFormat, 'pdf'>, source: string, pageText: string): DocumentFragment {
  switch (format) {
    case 'markdown':
      return renderMarkdown(source).fragment;
    case 'html':
      return sanitizeHtml(source);
    case 'docx':
    case 'text':
      return textToFragment(pageText);
  }
}
