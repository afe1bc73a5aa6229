import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { GlossaryEntry } from '../../../../shared/schemas';

export interface TocEntry {
  id: string;
  text: string;
  level: 2 | 3;
}

export interface RenderedMarkdown {
  /** Sanitized nodes, ready to be appended (never re-parsed from a string). */
  fragment: DocumentFragment;
  toc: TocEntry[];
  /** The glossary terms marked in the text, in reading order. */
  glossary: GlossaryEntry[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Raw HTML in a fiche is shown as text, never interpreted; DOMPurify then removes anything
// dangerous that Markdown itself can produce (javascript: links, for instance).
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
  },
});

const sanitizeOptions = {
  RETURN_DOM_FRAGMENT: true as const,
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'img', 'svg', 'math'],
  FORBID_ATTR: ['style', 'class', 'id'],
};

const externalProtocols = new Set(['http:', 'https:', 'mailto:']);

/** Links to the web open outside the app; any other target is dropped. */
function fixLinks(root: DocumentFragment): void {
  for (const link of root.querySelectorAll('a')) {
    const href = link.getAttribute('href') ?? '';
    let protocol = '';
    try {
      protocol = new URL(href).protocol;
    } catch {
      protocol = '';
    }
    if (externalProtocols.has(protocol)) {
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
      link.classList.add('external');
    } else {
      link.removeAttribute('href');
    }
  }
}

function buildToc(root: DocumentFragment): TocEntry[] {
  const toc: TocEntry[] = [];
  root.querySelectorAll('h2, h3').forEach((heading, index) => {
    const id = `section-${index + 1}`;
    heading.id = id;
    toc.push({ id, text: heading.textContent?.trim() ?? '', level: heading.tagName === 'H2' ? 2 : 3 });
  });
  return toc;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const skipGlossaryIn = 'a, code, pre, h1, h2, h3, h4, h5, h6, abbr, .gloss';

/**
 * Marks the first occurrence of each glossary term; its definition shows on hover, or under the
 * caret in keyboard selection. Terms are not tab stops (a fiche may hold dozens): the keyboard
 * reaches the same definitions in the fiche's glossary list.
 */
function markGlossary(root: DocumentFragment, glossary: readonly GlossaryEntry[]): GlossaryEntry[] {
  const byForm = new Map<string, GlossaryEntry>();
  for (const entry of glossary) for (const form of [entry.term, ...entry.variants]) byForm.set(form, entry);
  if (byForm.size === 0) return [];
  const forms = [...byForm.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.join('|')})(?![\\p{L}\\p{N}+])`, 'gu');
  const marked = new Set<GlossaryEntry>();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest(skipGlossaryIn)) textNodes.push(node as Text);
  }
  let counter = 0;
  for (const textNode of textNodes) {
    let current: Text = textNode;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(current.data); match; match = pattern.exec(current.data)) {
      const entry = byForm.get(match[0]);
      if (!entry || marked.has(entry)) continue;
      marked.add(entry);
      const term = current.splitText(match.index);
      current = term.splitText(match[0].length);
      pattern.lastIndex = 0;
      counter += 1;
      term.replaceWith(glossaryMark(match[0], entry, `gloss-${counter}`));
    }
  }
  return [...marked];
}

function glossaryMark(text: string, entry: GlossaryEntry, id: string): HTMLElement {
  const wrapper = document.createElement('span');
  wrapper.className = 'gloss';
  const abbr = document.createElement('abbr');
  abbr.className = 'gloss-term';
  abbr.textContent = text;
  abbr.setAttribute('aria-describedby', id);
  const tip = document.createElement('span');
  tip.className = 'gloss-tip';
  tip.id = id;
  tip.setAttribute('role', 'tooltip');
  // Interface text, not fiche text: annotation anchoring and search marks skip it.
  tip.dataset.kbUi = '';
  const heading = document.createElement('strong');
  heading.textContent = entry.longForm ? `${entry.term} : ${entry.longForm}` : entry.term;
  tip.append(heading, document.createElement('br'), entry.definition);
  wrapper.append(abbr, tip);
  return wrapper;
}

/** Markdown of a fiche to safe DOM nodes, with heading ids, a table of contents and glossary hints. */
export function renderMarkdown(markdown: string, glossary: readonly GlossaryEntry[] = []): RenderedMarkdown {
  const html = marked.parse(markdown, { async: false });
  const fragment = DOMPurify.sanitize(html, sanitizeOptions);
  fixLinks(fragment);
  const toc = buildToc(fragment);
  return { fragment, toc, glossary: markGlossary(fragment, glossary) };
}

/** An HTML document of the library as safe DOM nodes, under the same rules as a fiche (no script, style, form, image). */
export function sanitizeHtml(html: string): DocumentFragment {
  const fragment = DOMPurify.sanitize(html, sanitizeOptions);
  fixLinks(fragment);
  return fragment;
}
