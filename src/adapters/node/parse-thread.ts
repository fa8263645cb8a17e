// The worker thread that parses DOCX (mammoth) and PDF (unpdf, PDF.js) for ingest.
// These libraries read untrusted files; run here, a file that makes them loop or
// swell can only fail itself: the main thread (binary-documents.ts) gives each
// parse a time limit and this thread a heap limit, and terminates it when either
// is passed. Requests come one at a time; the thread is reused until it fails.
// Not a sandbox: the thread shares the process, so this bounds time and memory,
// not what code in the parsers could do.
import { parentPort } from 'node:worker_threads';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { checkDocumentChars, DocumentReadError, reflowLines, textLength } from '../../ingest/read-document.js';

/** What the main thread asks: the bytes of one file, and the character limit to check before replying. */
export interface ParseRequest {
  format: 'docx' | 'pdf';
  bytes: Uint8Array;
  maxChars: number;
}

/** The reply: the file's lines, or why it cannot be read (`unreadable`) or what broke in the parser (`failed`). */
export type ParseReply = { ready: true } | { lines: string[] } | { unreadable: string } | { failed: string };

/** A library's error message, short and without its help links. */
const reason = (err: unknown) =>
  (err instanceof Error ? err.message : String(err))
    .replace(/[^.?!]*https?:\/\/\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);

/** The paragraphs of a Word (.docx) file, in order; tables give one line per cell. */
export async function readDocxLines(bytes: Uint8Array): Promise<string[]> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new DocumentReadError('not a DOCX file (no ZIP signature); old .doc files must be saved as .docx first');
  }
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (err) {
    throw new DocumentReadError(`DOCX could not be read (${reason(err)}); the file may be damaged or not a Word document`);
  }
  return text.split(/\r?\n/);
}

/** A page number or running footer line: "- 3 -", "3", "第 3 页 共 9 页". */
const PAGE_FURNITURE = /^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

/** The text of a PDF's text layer, page by page, wrapped lines joined back into paragraphs. */
export async function readPdfLines(bytes: Uint8Array): Promise<string[]> {
  let pages: string[];
  try {
    // PDF.js may take over the buffer it is given, so it gets a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
    } finally {
      await pdf.destroy();
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'PasswordException') throw new DocumentReadError('PDF is password-protected; remove the password first');
    throw new DocumentReadError(`PDF could not be read (${reason(err)}); the file may be damaged or not a PDF`);
  }
  // Page numbers out, then the lines of all pages reflowed together, so a paragraph
  // that runs over a page break comes back whole.
  const rows = pages.flatMap((page) => page.replace(/\n+$/, '').split('\n')).filter((l) => !PAGE_FURNITURE.test(l.trim()));
  const lines = reflowLines(rows);
  if (!lines.some((l) => /[\p{L}\p{N}]/u.test(l))) {
    throw new DocumentReadError('PDF has no text layer (scanned?); OCR it first');
  }
  return lines;
}

async function parse(request: ParseRequest): Promise<ParseReply> {
  try {
    const lines = request.format === 'docx' ? await readDocxLines(request.bytes) : await readPdfLines(request.bytes);
    // Refused here, so 100 MB of text is never copied to the main thread only to be refused there.
    checkDocumentChars(textLength(lines), { maxChars: request.maxChars });
    return { lines };
  } catch (err) {
    return err instanceof DocumentReadError ? { unreadable: err.detail } : { failed: reason(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  // PDF.js is imported lazily by unpdf; loaded now, so its cost falls on start-up, not on the first file's limits.
  await getResolvedPDFJS();
  port.on('message', (request: ParseRequest) => void parse(request).then((reply) => port.postMessage(reply)));
  port.postMessage({ ready: true } satisfies ParseReply);
}
