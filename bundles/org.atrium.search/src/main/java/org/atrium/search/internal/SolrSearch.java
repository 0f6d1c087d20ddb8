package org.atrium.search.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.atrium.search.FacetRequest;
import org.atrium.search.FacetResult;
import org.atrium.search.FacetResult.Bucket;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchException.Reason;
import org.atrium.search.SearchLevel;
import org.atrium.search.SearchRequest;
import org.atrium.search.SearchResult;
import org.atrium.search.internal.Fields.Field;
import org.atrium.search.internal.Fields.Type;

/**
 * {@link MetadataSearch} on Solr's {@code /select} handler, and nothing else. Studies and patients
 * are the series documents collapsed on the study UID or the patient key; their facets count
 * distinct study UIDs or patient keys over the matching series.
 */
final class SolrSearch implements MetadataSearch {

    static final int MAX_START = 100_000;
    static final int MAX_RANGE_BUCKETS = 1000;
    private static final Pattern DATE_GAP = Pattern.compile("(\\d{1,3})([ymwd])");
    private static final DateTimeFormatter DA =
            DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);

    private final Fields fields;
    private final QueryParser parser;
    private final Supplier<SolrTarget> solr;

    SolrSearch(Fields fields, Supplier<SolrTarget> solr) {
        this.fields = fields;
        this.parser = new QueryParser(fields);
        this.solr = solr;
    }

    @Override
    public SearchResult search(SearchRequest request) throws SearchException {
        if (request.start() > MAX_START) {
            throw QueryParser.bad("start beyond " + MAX_START + ": narrow the query instead");
        }
        SolrQuery query = base(request.level(), request.q(), request.fq(), true);
        query.setFields(Fields.returnedFields(request.level()));
        String sort = parser.sort(request.sort());
        if (!sort.isEmpty()) {
            query.set("sort", sort);
        }
        query.setStart(request.start());
        query.setRows(Math.min(request.rows(), SearchRequest.MAX_ROWS));
        QueryResponse response = select(query);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (SolrDocument doc : response.getResults()) {
            docs.add(attributes(doc, request.level()));
        }
        return new SearchResult(response.getResults().getNumFound(), request.start(), docs);
    }

    /**
     * Counts through Solr's JSON Facet API over the matching series documents. At the study and
     * patient levels a bucket counts distinct studies or patients ({@code unique()} of the study UID
     * or the patient key), not series: a patient with three CT series counts once under CT. This is
     * exact on any number of shards because all series of a patient share a shard (see
     * {@link Fields#documentId}): each shard counts its own patients exactly, and no patient is
     * counted by two shards.
     */
    @Override
    public FacetResult facets(FacetRequest request) throws SearchException {
        SolrQuery query = base(request.level(), request.q(), request.fq(), false);
        query.setRows(0);
        String distinct = distinctOf(request.level());
        List<Field> termFields = new ArrayList<>();
        for (String keyword : request.fields()) {
            Field field = resolve(keyword.trim(), "facet");
            if (!termFields.contains(field)) {
                termFields.add(field);
            }
        }
        List<RangeSpec> ranges = new ArrayList<>();
        for (String range : request.ranges()) {
            ranges.add(rangeSpec(range));
        }
        List<String> facets = new ArrayList<>();
        if (distinct != null) {
            facets.add(json("n") + ":" + json("unique(" + distinct + ")"));
        }
        for (int i = 0; i < termFields.size(); i++) {
            facets.add(json("t" + i) + ":{\"type\":\"terms\",\"field\":"
                    + json(termFields.get(i).valueField())
                    + ",\"limit\":" + request.limit() + ",\"mincount\":1,\"refine\":true"
                    + (distinct == null ? ",\"sort\":\"count desc\"" : ",\"sort\":\"n desc\"," + perBucket(distinct))
                    + "}");
        }
        for (int i = 0; i < ranges.size(); i++) {
            String f = ranges.get(i).field().queryField();
            facets.add(json("min" + i) + ":" + json("min(" + f + ")"));
            facets.add(json("max" + i) + ":" + json("max(" + f + ")"));
        }
        if (!facets.isEmpty()) {
            query.set("json.facet", "{" + String.join(",", facets) + "}");
        }
        QueryResponse response = select(query);
        NamedList<?> stats = facetsOf(response);
        Map<String, List<Bucket>> termCounts = new LinkedHashMap<>();
        for (int i = 0; i < termFields.size(); i++) {
            termCounts.put(termFields.get(i).keyword(), buckets(stats == null ? null : stats.get("t" + i), distinct));
        }
        Map<String, List<Bucket>> rangeCounts = new LinkedHashMap<>();
        if (!ranges.isEmpty()) {
            rangeCounts.putAll(rangeFacets(request, ranges, stats, distinct));
        }
        long numFound = distinct == null
                ? response.getResults().getNumFound()
                : stats == null || !(stats.get("n") instanceof Number n) ? 0 : n.longValue();
        return new FacetResult(numFound, termCounts, rangeCounts);
    }

    /** The field whose distinct values a bucket counts at {@code level}; null for series (documents). */
    static String distinctOf(SearchLevel level) {
        return switch (level) {
            case STUDY -> Fields.known("StudyInstanceUID").valueField();
            case PATIENT -> Fields.PATIENT_KEY;
            default -> null;
        };
    }

    private static String perBucket(String distinct) {
        return "\"facet\":{\"n\":" + json("unique(" + distinct + ")") + "}";
    }

    /** A JSON string; our keys and field names need no escaping, but nothing is left to chance. */
    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static NamedList<?> facetsOf(QueryResponse response) {
        return response.getResponse().get("facets") instanceof NamedList<?> facets ? facets : null;
    }

    /** The buckets of a JSON terms or range facet, counted in documents or by {@code n} (distinct groups). */
    private static List<Bucket> buckets(Object facet, String distinct) {
        List<Bucket> buckets = new ArrayList<>();
        if (facet instanceof NamedList<?> named && named.get("buckets") instanceof List<?> list) {
            for (Object o : list) {
                NamedList<?> bucket = (NamedList<?>) o;
                Object count = distinct == null ? bucket.get("count") : bucket.get("n");
                buckets.add(new Bucket(bucketValue(bucket.get("val")), count instanceof Number n ? n.longValue() : 0));
            }
        }
        return buckets;
    }

    private static String bucketValue(Object value) {
        return value instanceof Date date ? date.toInstant().toString() : String.valueOf(value);
    }

    record RangeSpec(Field field, String gap, double numericGap, char unit) {}

    private RangeSpec rangeSpec(String spec) throws SearchException {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw QueryParser.bad(
                    "range facet must look like Keyword:gap (StudyDate:1y, SliceThickness:0.5), not '" + spec + "'");
        }
        Field field = resolve(spec.substring(0, colon).trim(), "range facet");
        String gap = spec.substring(colon + 1).trim();
        if (field.type().date()) {
            Matcher matcher = DATE_GAP.matcher(gap);
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) == 0) {
                throw QueryParser.bad("date gap of " + field.keyword()
                        + " is a number and y, m, w or d (1y, 6m, 7d), not '" + gap + "'");
            }
            int n = Integer.parseInt(matcher.group(1));
            char unit = matcher.group(2).charAt(0);
            String solrGap =
                    switch (unit) {
                        case 'y' -> "+" + n + "YEARS";
                        case 'm' -> "+" + n + "MONTHS";
                        case 'w' -> "+" + (7 * n) + "DAYS";
                        default -> "+" + n + "DAYS";
                    };
            return new RangeSpec(field, solrGap, 0, unit);
        }
        if (field.type().numeric()) {
            double value;
            try {
                value = new BigDecimal(gap).doubleValue();
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (!(value > 0) || !Double.isFinite(value) || (field.type() == Type.INT && value != Math.rint(value))) {
                throw QueryParser.bad("gap of " + field.keyword() + " must be a positive "
                        + (field.type() == Type.INT ? "whole number" : "number") + ", not '" + gap + "'");
            }
            return new RangeSpec(
                    field, field.type() == Type.INT ? Long.toString((long) value) : Double.toString(value), value, 'n');
        }
        throw QueryParser.bad(field.keyword() + " is neither a date nor a number: no range facet");
    }

    private Map<String, List<Bucket>> rangeFacets(
            FacetRequest request, List<RangeSpec> ranges, NamedList<?> stats, String distinct) throws SearchException {
        SolrQuery query = base(request.level(), request.q(), request.fq(), false);
        query.setRows(0);
        Map<String, RangeSpec> byKey = new LinkedHashMap<>();
        Map<String, List<Bucket>> result = new LinkedHashMap<>();
        List<String> facets = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            RangeSpec range = ranges.get(i);
            Object min = stats == null ? null : stats.get("min" + i);
            Object max = stats == null ? null : stats.get("max" + i);
            result.put(range.field().keyword(), List.of());
            if (min == null || max == null) {
                continue;
            }
            String f = range.field().queryField();
            String start;
            String end;
            if (range.field().type().date()) {
                Instant lo = instant(min);
                Instant hi = instant(max);
                String round =
                        switch (range.unit()) {
                            case 'y' -> "/YEAR";
                            case 'm' -> "/MONTH";
                            default -> "/DAY";
                        };
                start = lo + round;
                end = hi + "/DAY+1DAY";
            } else {
                double gap = range.numericGap();
                double lo = Math.floor(((Number) min).doubleValue() / gap) * gap;
                double hi = (Math.floor(((Number) max).doubleValue() / gap) + 1) * gap;
                if ((hi - lo) / gap > MAX_RANGE_BUCKETS) {
                    throw QueryParser.bad(
                            "gap of " + range.field().keyword() + " makes more than " + MAX_RANGE_BUCKETS + " buckets");
                }
                boolean integer = range.field().type() == Type.INT;
                start = integer ? Long.toString((long) lo) : Double.toString(lo);
                end = integer ? Long.toString((long) hi) : Double.toString(hi);
            }
            String key = "r" + i;
            facets.add(json(key) + ":{\"type\":\"range\",\"field\":" + json(f) + ",\"start\":" + json(start)
                    + ",\"end\":" + json(end) + ",\"gap\":" + json(range.gap()) + ",\"mincount\":0"
                    + (distinct == null ? "" : "," + perBucket(distinct)) + "}");
            byKey.put(key, range);
        }
        if (byKey.isEmpty()) {
            return result;
        }
        query.set("json.facet", "{" + String.join(",", facets) + "}");
        NamedList<?> response = facetsOf(select(query));
        for (Map.Entry<String, RangeSpec> entry : byKey.entrySet()) {
            RangeSpec range = entry.getValue();
            List<Bucket> buckets = new ArrayList<>();
            for (Bucket bucket : buckets(response == null ? null : response.get(entry.getKey()), distinct)) {
                String value = bucket.value();
                if (range.field().type().date()) {
                    value = DA.format(Instant.parse(value));
                }
                buckets.add(new Bucket(value, bucket.count()));
            }
            // Empty buckets at either end say nothing; those in between keep the axis regular.
            int from = 0;
            int to = buckets.size();
            while (from < to && buckets.get(from).count() == 0) {
                from++;
            }
            while (to > from && buckets.get(to - 1).count() == 0) {
                to--;
            }
            if (from == to && buckets.size() > MAX_RANGE_BUCKETS) {
                throw QueryParser.bad("gap of " + range.field().keyword() + " is too small");
            }
            result.put(range.field().keyword(), List.copyOf(buckets.subList(from, to)));
        }
        return result;
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : Instant.parse(value.toString());
    }

    private Field resolve(String keyword, String what) throws SearchException {
        Field field = fields.resolve(keyword);
        if (field == null) {
            throw QueryParser.bad("unknown keyword '" + keyword + "' in " + what);
        }
        return field;
    }

    /** The query, filters and level of a request; parses everything before Solr sees any of it. */
    private SolrQuery base(SearchLevel level, String q, List<String> fq, boolean collapse) throws SearchException {
        SolrQuery query = new SolrQuery(parser.parse(q));
        query.set("defType", "lucene");
        query.set("df", Fields.TEXT);
        query.set("q.op", "AND");
        for (String filter : fq) {
            if (filter != null && !filter.isBlank()) {
                query.addFilterQuery(parser.parse(filter));
            }
        }
        switch (collapse ? level : SearchLevel.SERIES) {
            case STUDY -> query.addFilterQuery("{!collapse field=StudyInstanceUID_s}");
            case PATIENT -> query.addFilterQuery("{!collapse field=" + Fields.PATIENT_KEY + "}");
            default -> {}
        }
        return query;
    }

    private QueryResponse select(SolrQuery query) throws SearchException {
        SolrTarget target = solr.get();
        if (target == null) {
            throw new SearchException(Reason.UNAVAILABLE, "the search index is not available (Solr is not running)");
        }
        try {
            // query() sends to /select: the only handler this class ever calls.
            return target.client().query(target.collection(), query, SolrRequest.METHOD.POST);
        } catch (SolrException e) {
            if (e.code() == 400) {
                throw new SearchException(Reason.BAD_QUERY, "the index refused the query: " + e.getMessage(), e);
            }
            throw new SearchException(Reason.UNAVAILABLE, "the search index failed: " + e.getMessage(), e);
        } catch (SolrServerException | IOException | RuntimeException e) {
            throw new SearchException(Reason.UNAVAILABLE, "the search index is not available: " + e.getMessage(), e);
        }
    }

    /** A Solr document as attribute values keyed by keyword. */
    static Map<String, Object> attributes(SolrDocument doc, SearchLevel level) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String name : doc.getFieldNames()) {
            String keyword = Fields.keywordOf(name);
            if (keyword == null) {
                continue;
            }
            Field known = Fields.known(keyword);
            if (known != null && !Fields.includes(level, known.level())) {
                continue;
            }
            Object value = doc.getFieldValue(name);
            attributes.put(keyword, plain(value, known));
        }
        return attributes;
    }

    private static Object plain(Object value, Field field) {
        if (value instanceof Collection<?> values) {
            List<Object> out = new ArrayList<>();
            for (Object v : values) {
                out.add(plain(v, field));
            }
            return out;
        }
        if (value instanceof Date date) {
            return field != null && field.type() == Type.DATE_TIME
                    ? date.toInstant().toString()
                    : DA.format(date.toInstant());
        }
        return value;
    }
}
