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
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.response.RangeFacet;
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
 * are the series documents collapsed on the study UID or the patient key.
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
        SolrQuery query = base(request.level(), request.q(), request.fq());
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

    @Override
    public FacetResult facets(FacetRequest request) throws SearchException {
        SolrQuery query = base(request.level(), request.q(), request.fq());
        query.setRows(0);
        Map<String, Field> termFields = new LinkedHashMap<>();
        for (String keyword : request.fields()) {
            Field field = resolve(keyword.trim(), "facet");
            termFields.put(field.valueField(), field);
        }
        if (!termFields.isEmpty()) {
            query.setFacet(true);
            query.setFacetMinCount(1);
            query.setFacetLimit(request.limit());
            termFields.keySet().forEach(query::addFacetField);
        }
        List<RangeSpec> ranges = new ArrayList<>();
        for (String range : request.ranges()) {
            ranges.add(rangeSpec(range));
        }
        if (!ranges.isEmpty()) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < ranges.size(); i++) {
                String f = ranges.get(i).field().queryField();
                json.append(i == 0 ? "" : ",")
                        .append("\"min")
                        .append(i)
                        .append("\":\"min(")
                        .append(f)
                        .append(")\",\"max")
                        .append(i)
                        .append("\":\"max(")
                        .append(f)
                        .append(")\"");
            }
            query.set("json.facet", json.append('}').toString());
        }
        QueryResponse response = select(query);
        Map<String, List<Bucket>> termCounts = new LinkedHashMap<>();
        if (response.getFacetFields() != null) {
            for (FacetField facet : response.getFacetFields()) {
                List<Bucket> buckets = new ArrayList<>();
                for (FacetField.Count count : facet.getValues()) {
                    buckets.add(new Bucket(count.getName(), count.getCount()));
                }
                termCounts.put(termFields.get(facet.getName()).keyword(), buckets);
            }
        }
        Map<String, List<Bucket>> rangeCounts = new LinkedHashMap<>();
        if (!ranges.isEmpty()) {
            rangeCounts.putAll(rangeFacets(request, ranges, response));
        }
        return new FacetResult(response.getResults().getNumFound(), termCounts, rangeCounts);
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

    private Map<String, List<Bucket>> rangeFacets(FacetRequest request, List<RangeSpec> ranges, QueryResponse first)
            throws SearchException {
        @SuppressWarnings("unchecked")
        NamedList<Object> stats = (NamedList<Object>) first.getResponse().get("facets");
        SolrQuery query = base(request.level(), request.q(), request.fq());
        query.setRows(0);
        query.setFacet(true);
        query.setFacetMinCount(0);
        Map<String, RangeSpec> bySolrField = new LinkedHashMap<>();
        Map<String, List<Bucket>> result = new LinkedHashMap<>();
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
            query.add("facet.range", f);
            query.set("f." + f + ".facet.range.start", start);
            query.set("f." + f + ".facet.range.end", end);
            query.set("f." + f + ".facet.range.gap", range.gap());
            bySolrField.put(f, range);
        }
        if (bySolrField.isEmpty()) {
            return result;
        }
        QueryResponse response = select(query);
        for (RangeFacet<?, ?> facet : response.getFacetRanges()) {
            RangeSpec range = bySolrField.get(facet.getName());
            if (range == null) {
                continue;
            }
            List<Bucket> buckets = new ArrayList<>();
            for (Object o : facet.getCounts()) {
                RangeFacet.Count count = (RangeFacet.Count) o;
                String value = count.getValue();
                if (range.field().type().date()) {
                    value = DA.format(Instant.parse(value));
                }
                buckets.add(new Bucket(value, count.getCount()));
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
    private SolrQuery base(SearchLevel level, String q, List<String> fq) throws SearchException {
        SolrQuery query = new SolrQuery(parser.parse(q));
        query.set("defType", "lucene");
        query.set("df", Fields.TEXT);
        query.set("q.op", "AND");
        for (String filter : fq) {
            if (filter != null && !filter.isBlank()) {
                query.addFilterQuery(parser.parse(filter));
            }
        }
        switch (level) {
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
