/**
 * A lab's Markdown as React elements, from marked's tokens: no HTML is ever
 * parsed as such (raw HTML shows as its text), images show as their alt text
 * (nothing remote is loaded), and links show their text and address without
 * being followed.
 */
import { lexer, type Token, type Tokens } from 'marked';
import { createElement, Fragment, memo, type ReactNode } from 'react';

const inline = (tokens: readonly Token[] | undefined): ReactNode[] => (tokens ?? []).map(inlineElement);

function inlineElement(token: Token, key: number): ReactNode {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case 'strong':
      return <strong key={key}>{inline(t.tokens)}</strong>;
    case 'em':
      return <em key={key}>{inline(t.tokens)}</em>;
    case 'del':
      return <del key={key}>{inline(t.tokens)}</del>;
    case 'codespan':
      return <code key={key}>{t.text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const { href, tokens } = token as Tokens.Link;
      return (
        <span key={key} className="md-link" title={href}>
          {inline(tokens)}
          {(token as Tokens.Link).text !== href && <span className="md-href"> ({href})</span>}
        </span>
      );
    }
    case 'image':
      return (
        <span key={key} className="md-image">
          [{(token as Tokens.Image).text || 'image'}]
        </span>
      );
    case 'text':
      return t.tokens ? <Fragment key={key}>{inline(t.tokens)}</Fragment> : t.text;
    default:
      // escape, html (shown as the text it is), anything newer marked may add.
      return t.text ?? t.raw;
  }
}

function listItem(item: Tokens.ListItem, key: number): ReactNode {
  return (
    <li key={key}>
      {item.task && <input type="checkbox" checked={!!item.checked} readOnly disabled />}
      {blocks(item.tokens)}
    </li>
  );
}

function blockElement(token: Token, key: number): ReactNode {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case 'heading':
      return createElement(`h${Math.min(6, (token as Tokens.Heading).depth + 2)}`, { key }, inline(t.tokens));
    case 'paragraph':
      return <p key={key}>{inline(t.tokens)}</p>;
    case 'code':
      return (
        <pre key={key}>
          <code>{t.text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{blocks(t.tokens)}</blockquote>;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map(listItem);
      return list.ordered ? (
        <ol key={key} start={list.start === '' ? undefined : list.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <table key={key}>
          <thead>
            <tr>
              {table.header.map((cell, i) => (
                <th key={i}>{inline(cell.tokens)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => (
                  <td key={i}>{inline(cell.tokens)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'hr':
      return <hr key={key} />;
    case 'space':
    case 'def':
      return null;
    case 'html':
      return <p key={key}>{t.text}</p>;
    default:
      // A text block (inside a tight list item), or what marked may add: its words, never markup.
      return t.tokens ? <Fragment key={key}>{inline(t.tokens)}</Fragment> : (t.text ?? t.raw);
  }
}

const blocks = (tokens: readonly Token[] | undefined): ReactNode[] => (tokens ?? []).map(blockElement);

export const Markdown = memo(function Markdown({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="markdown" data-testid={testId}>
      {blocks(lexer(text))}
    </div>
  );
});
