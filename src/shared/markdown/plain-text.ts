import { Lexer, type Token, type Tokens } from 'marked';

/**
 * The plain text of a fiche as a reader sees it: one block per paragraph, heading, list item,
 * quote or table row, separated by blank lines. Search snippets and annotation anchors are
 * computed on this text, in core and in the renderer alike.
 */
export function markdownToPlainText(markdown: string): string {
  const blocks: string[] = [];
  collectBlocks(new Lexer().lex(markdown), blocks);
  return blocks.join('\n\n');
}

function collectBlocks(tokens: readonly Token[], blocks: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
      case 'paragraph':
        pushBlock(blocks, inlineText((token as Tokens.Heading | Tokens.Paragraph).tokens));
        break;
      case 'text': {
        const text = token as Tokens.Text;
        pushBlock(blocks, text.tokens ? inlineText(text.tokens) : text.text);
        break;
      }
      case 'list':
        for (const item of (token as Tokens.List).items) collectBlocks(item.tokens, blocks);
        break;
      case 'blockquote':
        collectBlocks((token as Tokens.Blockquote).tokens, blocks);
        break;
      case 'code':
        pushBlock(blocks, (token as Tokens.Code).text);
        break;
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) {
          pushBlock(blocks, row.map((cell) => inlineText(cell.tokens)).join(' '));
        }
        break;
      }
      case 'html':
        // Raw HTML is shown as literal text by the reader, never interpreted.
        pushBlock(blocks, (token as Tokens.HTML).text);
        break;
      default:
        // space, hr and link definitions carry no readable text.
        break;
    }
  }
}

function inlineText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'escape':
      case 'codespan': {
        const leaf = token as Tokens.Text;
        out += leaf.tokens ? inlineText(leaf.tokens) : decodeEntities(leaf.text);
        break;
      }
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
        out += inlineText((token as Tokens.Strong).tokens);
        break;
      case 'br':
        out += '\n';
        break;
      case 'html':
        out += (token as Tokens.HTML).text;
        break;
      case 'image':
        // The reader shows an image's alternative text in its place.
        out += (token as Tokens.Image).text;
        break;
      default:
        break;
    }
  }
  return out;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => entities[name] ?? _);
}

function pushBlock(blocks: string[], text: string): void {
  const trimmed = text.trim();
  if (trimmed) blocks.push(trimmed);
}
