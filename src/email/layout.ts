import { escapeHtml, htmlText } from './escape';

// One plain, single-column shell for every email: inline styles only (mail clients drop <style>
// blocks), a readable width on desktop and full width on a phone.

export const fontStack =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const colors = {
  text: '#1f2933',
  muted: '#52606d',
  border: '#d9e2ec',
  background: '#f5f7fa',
  card: '#ffffff',
  link: '#0b5cad',
};

export interface HtmlDocument {
  /** Plain text for <title>; escaped here. */
  title: string;
  /** Already-escaped HTML for the main column. */
  body: string;
  /** Already-escaped HTML for the small print under the main column. */
  footer?: string;
}

export function htmlDocument({ title, body, footer }: HtmlDocument): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:${colors.background};">`,
    `<div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:${escapeHtml(fontStack)};font-size:16px;line-height:1.5;color:${colors.text};">`,
    `<div style="background:${colors.card};border:1px solid ${colors.border};border-radius:8px;padding:24px 20px;">`,
    body,
    '</div>',
    footer
      ? `<div style="padding:16px 4px 0;font-size:13px;line-height:1.5;color:${colors.muted};">${footer}</div>`
      : '',
    '</div>',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

/** A paragraph of already-escaped HTML. */
export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px;">${html}</p>`;
}

/** A link with an escaped href and label; the caller vouches the URL passed safeUrl(). */
export function link(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="color:${colors.link};">${htmlText(label)}</a>`;
}

/** A button-sized link: at least 44px tall so it is easy to tap on a phone. */
export function buttonLink(url: string, label: string): string {
  return (
    `<a href="${escapeHtml(url)}" style="display:inline-block;min-height:20px;padding:12px 20px;` +
    `background:${colors.link};color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;">` +
    `${htmlText(label)}</a>`
  );
}
