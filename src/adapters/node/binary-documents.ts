// DOCX and PDF on Node: text extraction with mammoth (Word) and unpdf (PDF.js),
// handed to the core's readDocument as its BinaryReaders. The core stays free of
// these libraries; `readAnyDocument` is what Node callers (ingest) use.
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { DocumentReadError, readDocument, reflowLines, type BinaryReaders } from '../../ingest/read-document.js';
import type { ParsedDocument } from '../../ingest/structure.js';

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

export const nodeBinaryReaders: BinaryReaders = { docx: readDocxLines, pdf: readPdfLines };

/** readDocument with DOCX and PDF support: what Node callers use. */
export function readAnyDocument(fileName: string, bytes: Uint8Array, relPath: string = fileName): Promise<ParsedDocument> {
  return readDocument(fileName, bytes, relPath, nodeBinaryReaders);
}
