// The knowledge-base file: one SQLite database holding documents, paragraphs,
// passages (with their terms) and the serialised MiniSearch index. Written to a
// temporary file and renamed into place, so readers only ever see a whole one.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KnowledgeBaseSnapshot } from '../../core/knowledge-base.js';
import type { DocumentRecord, Paragraph, Passage } from '../../core/model.js';

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT, published_at TEXT, year INTEGER,
  type TEXT, path TEXT NOT NULL, ord INTEGER NOT NULL
);
CREATE TABLE paragraphs (
  doc_id TEXT NOT NULL REFERENCES documents(id), n INTEGER NOT NULL, level INTEGER NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (doc_id, n)
);
CREATE TABLE passages (
  ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL REFERENCES documents(id),
  paragraph INTEGER NOT NULL, part INTEGER NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL,
  article TEXT, terms TEXT NOT NULL
);
`;

/** Writes a snapshot to `kbPath` atomically: build in `kbPath.tmp-<pid>`, then rename over the old file. */
export function writeKnowledgeBaseFile(snapshot: KnowledgeBaseSnapshot, kbPath: string): void {
  mkdirSync(dirname(kbPath), { recursive: true });
  const tmp = `${kbPath}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    const db = new Database(tmp);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const write = db.transaction(() => {
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('version', String(snapshot.version));
      meta.run('built_at', snapshot.builtAt);
      meta.run('user_words', JSON.stringify(snapshot.userWords));
      meta.run('minisearch', snapshot.index);
      const doc = db.prepare(
        'INSERT INTO documents (id, title, source, published_at, year, type, path, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const para = db.prepare('INSERT INTO paragraphs (doc_id, n, level, text) VALUES (?, ?, ?, ?)');
      snapshot.documents.forEach((d, ord) => {
        doc.run(d.id, d.title, d.source, d.publishedAt, d.year, d.type, d.path, ord);
        for (const p of d.paragraphs) para.run(d.id, p.n, p.level, p.text);
      });
      const passage = db.prepare(
        'INSERT INTO passages (ord, id, doc_id, paragraph, part, heading, text, article, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      snapshot.passages.forEach((p, ord) => {
        passage.run(ord, p.id, p.docId, p.paragraph, p.part, JSON.stringify(p.heading), p.text, p.article, snapshot.passageTerms[ord].join(' '));
      });
    });
    write();
    db.close();
    // Only a complete file ever takes the knowledge base's name.
    renameSync(tmp, kbPath);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads a knowledge-base file into a snapshot. Opens it read-only; never modifies it. */
export function readKnowledgeBaseFile(kbPath: string): KnowledgeBaseSnapshot {
  if (!existsSync(kbPath)) throw new Error(`knowledge base: no file at ${kbPath}; run \`npm run ingest\``);
  const db = new Database(kbPath, { readonly: true, fileMustExist: true });
  try {
    const meta = new Map(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    const paragraphsByDoc = new Map<string, Paragraph[]>();
    for (const r of db.prepare('SELECT doc_id, n, level, text FROM paragraphs ORDER BY doc_id, n').iterate() as Iterable<{
      doc_id: string;
      n: number;
      level: number;
      text: string;
    }>) {
      let list = paragraphsByDoc.get(r.doc_id);
      if (!list) paragraphsByDoc.set(r.doc_id, (list = []));
      list.push({ n: r.n, level: r.level, text: r.text });
    }
    const documents: DocumentRecord[] = (
      db.prepare('SELECT id, title, source, published_at, year, type, path FROM documents ORDER BY ord').all() as {
        id: string;
        title: string;
        source: string | null;
        published_at: string | null;
        year: number | null;
        type: string | null;
        path: string;
      }[]
    ).map((r) => ({
      id: r.id,
      title: r.title,
      source: r.source,
      publishedAt: r.published_at,
      year: r.year,
      type: r.type,
      path: r.path,
      subtitle: null,
      issuer: null,
      versionDate: r.published_at,
      versionNote: null,
      paragraphs: paragraphsByDoc.get(r.id) ?? [],
    }));
    const passages: Passage[] = [];
    const passageTerms: string[][] = [];
    for (const r of db
      .prepare('SELECT id, doc_id, paragraph, part, heading, text, article, terms FROM passages ORDER BY ord')
      .iterate() as Iterable<{
      id: string;
      doc_id: string;
      paragraph: number;
      part: number;
      heading: string;
      text: string;
      article: string | null;
      terms: string;
    }>) {
      passages.push({
        id: r.id,
        docId: r.doc_id,
        paragraph: r.paragraph,
        part: r.part,
        heading: JSON.parse(r.heading) as string[],
        text: r.text,
        article: r.article,
      });
      passageTerms.push(r.terms ? r.terms.split(' ') : []);
    }
    return {
      version: Number(meta.get('version')),
      builtAt: meta.get('built_at') ?? '',
      documents,
      passages,
      passageTerms,
      index: meta.get('minisearch') ?? '',
      userWords: JSON.parse(meta.get('user_words') ?? '[]') as string[],
    };
  } finally {
    db.close();
  }
}
