/**
 * Relative links and anchors in Markdown, checked the way GitHub renders them, so a section moved from one
 * file to another cannot leave a link behind that points nowhere. Pure: the caller supplies the files.
 */
import { posix } from 'node:path';

export interface DocLink { file: string; line: number; target: string }
export interface DocFiles {
  /** The Markdown text of a repository path, or undefined when it is not a Markdown file we read. */
  markdown(path: string): string | undefined;
  /** Whether a repository path (file or folder) exists. */
  exists(path: string): boolean;
}

/** The lines outside fenced code blocks (``` or ~~~), with their 1-based numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) out.push({ line: index + 1, text: line });
  });
  return out;
}

/** GitHub's slug: lower case, punctuation removed except `-` and `_`, each space a `-`. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading contributes its text only
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Every anchor a file's headings make, duplicates suffixed -1, -2, … as GitHub does. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text: line } of proseLines(text)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every relative link (`[text](target)`, images too) outside code; web and mail links are not ours to check. */
export function relativeLinks(file: string, text: string): DocLink[] {
  const links: DocLink[] = [];
  for (const { line, text: prose } of proseLines(text)) {
    const withoutCode = prose.replace(/(`+)[\s\S]*?\1/g, '');
    for (const match of withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ file, line, target });
    }
  }
  return links;
}

/** Why a link does not resolve, or undefined when it does. */
export function brokenReason(link: DocLink, files: DocFiles): string | undefined {
  const [rawPath = '', anchor] = link.target.split('#', 2);
  const path = rawPath === '' ? link.file : posix.normalize(posix.join(posix.dirname(link.file), decodeURI(rawPath)));
  if (path.startsWith('..')) return `${path} is outside the repository`;
  if (!files.exists(path)) return `${path} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  const text = files.markdown(path);
  if (text === undefined) return undefined; // an anchor into a non-Markdown file is the viewer's business
  return headingAnchors(text).has(decodeURIComponent(anchor)) ? undefined : `${path} has no heading #${anchor}`;
}

/** Every broken link of the given Markdown files, as `file:line target (reason)`. */
export function brokenLinks(paths: string[], files: DocFiles): string[] {
  const broken: string[] = [];
  for (const file of paths) {
    for (const link of relativeLinks(file, files.markdown(file) ?? '')) {
      const reason = brokenReason(link, files);
      if (reason) broken.push(`${file}:${link.line} ${link.target} (${reason})`);
    }
  }
  return broken;
}
