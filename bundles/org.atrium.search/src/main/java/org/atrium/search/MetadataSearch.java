package org.atrium.search;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Search over the DICOM attributes of everything in the research store.
 *
 * <h2>Query syntax</h2>
 *
 * A safe subset of the Lucene syntax, with DICOM keywords for fields:
 *
 * <ul>
 *   <li>free text: {@code chest}, {@code "chest pa"} (any text attribute);
 *   <li>{@code Keyword:value}, e.g. {@code Modality:CT}, {@code PatientName:doe},
 *       {@code SeriesDescription:"t1 axial"}; {@code Keyword:(CT OR MR)};
 *   <li>wildcards {@code *} and {@code ?} in values: {@code PatientID:ABC*};
 *       {@code Keyword:*} means "has a value";
 *   <li>ranges {@code [a TO b]} (inclusive) and {@code {a TO b}} (exclusive), either end
 *       {@code *}: dates as {@code YYYYMMDD} or ISO 8601 ({@code StudyDate:[20200101 TO 20201231]}),
 *       numbers ({@code SliceThickness:[* TO 1.5]}); a date alone matches its whole day;
 *   <li>{@code AND}, {@code OR}, {@code NOT} (upper case), a leading {@code -} for NOT,
 *       parentheses; terms side by side must all match.
 * </ul>
 *
 * String values match without regard to case ({@code Modality:ct} finds {@code CT},
 * {@code PatientID:abc*} finds {@code ABC123}); person names and text match by their words, in any
 * case ({@code PatientName:DOE} finds {@code Doe^John}). Facets show the values as they were sent.
 *
 * <p>Keywords are DICOM keywords (case-insensitive) or private tags as {@code xGGGGEEEE}; an
 * unknown keyword is a {@link SearchException.Reason#BAD_QUERY}. Every other character is taken
 * literally: nothing of Solr's own syntax (local parameters, functions, nested queries, internal
 * fields) gets through.
 */
@ProviderType
public interface MetadataSearch {

    SearchResult search(SearchRequest request) throws SearchException;

    FacetResult facets(FacetRequest request) throws SearchException;
}
