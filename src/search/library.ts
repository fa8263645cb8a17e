// The documents page's listing (/docs): every document of the knowledge base,
// newest first, filtered by type, region and year, with facet counts and
// paging. A library of 1,543 documents showed 50 on the home page with no way
// to the rest (issue #17).
import type { DocumentSummary } from '../model/store.js';

export interface LibraryFilters {
  types: string[];
  regions: string[];
  years: number[];
}

export interface LibraryFacet {
  value: string;
  count: number;
}

export interface LibraryPage {
  /** Documents matching the filters. */
  total: number;
  offset: number;
  limit: number;
  filters: LibraryFilters;
  /** Per facet, the documents each value would list with the other facets' filters kept (years newest first). */
  facets: { type: LibraryFacet[]; region: LibraryFacet[]; year: LibraryFacet[] };
  documents: DocumentSummary[];
}

/** The date a document is newest by: its publication or version date, else its year. */
export function documentRecency(d: DocumentSummary): string {
  return d.publishedAt ?? d.versionDate ?? (d.year ? `${d.year}` : '');
}

/** Documents newest first (ties by title, then id), so the order is the same on every visit. */
export function newestFirst(documents: readonly DocumentSummary[]): DocumentSummary[] {
  return [...documents].sort(
    (a, b) => documentRecency(b).localeCompare(documentRecency(a)) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
  );
}

type Dimension = 'type' | 'region' | 'year';

const valueOf: Record<Dimension, (d: DocumentSummary) => string | null> = {
  type: (d) => d.type,
  region: (d) => d.frame.region,
  year: (d) => (d.year ? String(d.year) : null),
};

/** One page of the library under the filters, with facet counts. */
export function browseDocuments(documents: readonly DocumentSummary[], filters: LibraryFilters, offset: number, limit: number): LibraryPage {
  const chosen: Record<Dimension, Set<string> | null> = {
    type: filters.types.length ? new Set(filters.types) : null,
    region: filters.regions.length ? new Set(filters.regions) : null,
    year: filters.years.length ? new Set(filters.years.map(String)) : null,
  };
  const keeps = (d: DocumentSummary, except?: Dimension) =>
    (Object.keys(chosen) as Dimension[]).every((dim) => dim === except || !chosen[dim] || chosen[dim]!.has(valueOf[dim](d) ?? ''));
  const facet = (dim: Dimension): LibraryFacet[] => {
    const counts = new Map<string, number>();
    for (const d of documents) {
      const v = valueOf[dim](d);
      if (v && keeps(d, dim)) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const items = [...counts].map(([value, count]) => ({ value, count }));
    return dim === 'year'
      ? items.sort((a, b) => Number(b.value) - Number(a.value))
      : items.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  const matching = newestFirst(documents.filter((d) => keeps(d)));
  return {
    total: matching.length,
    offset,
    limit,
    filters,
    facets: { type: facet('type'), region: facet('region'), year: facet('year') },
    documents: matching.slice(offset, offset + limit),
  };
}
