// A knowledge-base store over a build held in memory: what Workers (the build
// decoded from kb.bin) and tests read through, with decoded postings kept.
import { decodePostings } from './postings.js';
import type { KnowledgeBaseBuild, KnowledgeBaseStore, PostingList } from '../model/store.js';

/** A store over a build held in memory (tests, Workers, small knowledge bases). */
export function memoryStore(build: KnowledgeBaseBuild): KnowledgeBaseStore {
  const decoded = new Map<string, PostingList>();
  const get = (map: Map<string, Uint8Array>, term: string, prefix: string) => {
    const key = prefix + term;
    let list = decoded.get(key);
    if (!list) {
      const bytes = map.get(term);
      if (!bytes) return null;
      decoded.set(key, (list = decodePostings(bytes)));
    }
    return list;
  };
  return {
    meta: build.meta,
    bodyLengths: build.index.bodyLengths,
    headingLengths: build.index.headingLengths,
    passageDoc: build.passageDoc,
    documents: build.documents,
    postings: (term) => get(build.index.postings, term, 'p:'),
    titlePostings: (term) => get(build.index.titles, term, 't:'),
    documentPostings: (term) => get(build.index.documents, term, 'd:'),
    documentLengths: build.index.documentLengths,
    documentFrequency: (term) => {
      const list = get(build.index.postings, term, 'p:');
      return list ? list.ids.length : 0;
    },
    passage: (ord) => ({ ...build.passages[ord], ord, docOrd: build.passageDoc[ord] }),
    paragraphs: (docOrd) => build.paragraphs[docOrd] ?? [],
    headingParagraphs: () => build.paragraphs.flatMap((paras, docOrd) => paras.filter((p) => p.level > 0).map((p) => ({ docOrd, text: p.text }))),
    vocabulary: () => build.index.postings.keys(),
    knownQuestions: () => build.knownQuestions ?? [],
  };
}

