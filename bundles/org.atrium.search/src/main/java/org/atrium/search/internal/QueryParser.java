package org.atrium.search.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atrium.search.MetadataSearch;
import org.atrium.search.SearchException;
import org.atrium.search.SearchException.Reason;
import org.atrium.search.internal.Fields.Field;
import org.atrium.search.internal.Fields.Type;

/**
 * Translates the query syntax of {@link MetadataSearch} into Solr's standard (Lucene) syntax.
 * The output is built only from operators this class writes, field names from {@link Fields} and
 * values that are validated (dates, numbers) or escaped character by character, so no input can
 * reach Solr's own syntax (local parameters, functions, nested queries, other fields).
 */
public final class QueryParser {

    static final int MAX_LENGTH = 4096;
    static final int MAX_DEPTH = 16;
    static final int MAX_CLAUSES = 256;
    static final int MAX_SORT_CLAUSES = 5;

    private static final Pattern RANGE =
            Pattern.compile("(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)\\s+TO\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final Pattern DICOM_DATE_RANGE = Pattern.compile("(\\d{8})?-(\\d{8})?");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final Fields fields;

    public QueryParser(Fields fields) {
        this.fields = fields;
    }

    // ---------------------------------------------------------------- tokens

    enum Kind {
        LPAREN,
        RPAREN,
        AND,
        OR,
        NOT,
        FIELD,
        WORD,
        PHRASE,
        RANGE,
        END
    }

    record Token(Kind kind, String text, int position) {}

    static List<Token> tokenize(String input) throws SearchException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = input.length();
        boolean afterField = false;
        while (i < n) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                if (afterField) {
                    throw bad("'" + tokens.get(tokens.size() - 1).text() + ":' needs a value");
                }
                i++;
                continue;
            }
            int start = i;
            if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "(", start));
                i++;
                afterField = false;
                continue;
            }
            if (c == ')') {
                if (afterField) {
                    throw bad("'" + tokens.get(tokens.size() - 1).text() + ":' needs a value");
                }
                tokens.add(new Token(Kind.RPAREN, ")", start));
                i++;
                continue;
            }
            if (c == '"') {
                StringBuilder phrase = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = input.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        phrase.append(input.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        phrase.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw bad("unterminated quote at position " + (start + 1));
                }
                tokens.add(new Token(Kind.PHRASE, phrase.toString(), start));
                afterField = false;
                continue;
            }
            if (afterField && (c == '[' || c == '{')) {
                int close = -1;
                for (int j = i + 1; j < n; j++) {
                    char d = input.charAt(j);
                    if (d == ']' || d == '}') {
                        close = j;
                        break;
                    }
                }
                if (close < 0) {
                    throw bad("unterminated range at position " + (start + 1) + ": write [a TO b] or {a TO b}");
                }
                tokens.add(new Token(Kind.RANGE, input.substring(i, close + 1), start));
                i = close + 1;
                afterField = false;
                continue;
            }
            if (!afterField && c == '-' && i + 1 < n && !Character.isWhitespace(input.charAt(i + 1))) {
                tokens.add(new Token(Kind.NOT, "-", start));
                i++;
                continue;
            }
            while (i < n) {
                char d = input.charAt(i);
                if (Character.isWhitespace(d) || d == '(' || d == ')' || d == '"') {
                    break;
                }
                if (d == ':' && !afterField && i > start && Fields.looksLikeKeyword(input.substring(start, i))) {
                    break;
                }
                i++;
            }
            String word = input.substring(start, i);
            if (i < n && input.charAt(i) == ':' && !afterField && !word.isEmpty() && Fields.looksLikeKeyword(word)) {
                tokens.add(new Token(Kind.FIELD, word, start));
                i++;
                afterField = true;
                if (i == n) {
                    throw bad("'" + word + ":' needs a value");
                }
                continue;
            }
            if (!afterField && (word.equals("AND") || word.equals("OR") || word.equals("NOT"))) {
                tokens.add(new Token(Kind.valueOf(word), word, start));
            } else if (!afterField && (word.equals("&&") || word.equals("||"))) {
                tokens.add(new Token(word.equals("&&") ? Kind.AND : Kind.OR, word, start));
            } else {
                tokens.add(new Token(Kind.WORD, word, start));
            }
            afterField = false;
        }
        tokens.add(new Token(Kind.END, "", n));
        return tokens;
    }

    // ---------------------------------------------------------------- parsing

    /** The Solr query for {@code input}; {@code *:*} for a blank one. */
    public String parse(String input) throws SearchException {
        if (input == null || input.isBlank()) {
            return "*:*";
        }
        if (input.length() > MAX_LENGTH) {
            throw bad("query longer than " + MAX_LENGTH + " characters");
        }
        return new Run(tokenize(input)).query();
    }

    private final class Run {
        private final List<Token> tokens;
        private int next;
        private int depth;
        private int clauses;

        Run(List<Token> tokens) {
            this.tokens = tokens;
        }

        String query() throws SearchException {
            String query = or(null);
            Token token = peek();
            if (token.kind() == Kind.RPAREN) {
                throw bad("unbalanced ')' at position " + (token.position() + 1));
            }
            if (token.kind() != Kind.END) {
                throw bad("unexpected '" + token.text() + "' at position " + (token.position() + 1));
            }
            return query;
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            return tokens.get(next++);
        }

        private String or(Field field) throws SearchException {
            List<String> operands = new ArrayList<>();
            operands.add(and(field));
            while (peek().kind() == Kind.OR) {
                take();
                operands.add(and(field));
            }
            return join(operands, " OR ");
        }

        private String and(Field field) throws SearchException {
            List<String> operands = new ArrayList<>();
            operands.add(unary(field));
            while (true) {
                Kind kind = peek().kind();
                if (kind == Kind.AND) {
                    take();
                    operands.add(unary(field));
                } else if (kind == Kind.END || kind == Kind.OR || kind == Kind.RPAREN) {
                    break;
                } else {
                    operands.add(unary(field));
                }
            }
            return join(operands, " AND ");
        }

        private String unary(Field field) throws SearchException {
            if (peek().kind() == Kind.NOT) {
                take();
                // A purely negative clause matches nothing inside a boolean query: subtract from all.
                return "(*:* AND NOT " + unary(field) + ")";
            }
            return primary(field);
        }

        private String primary(Field field) throws SearchException {
            Token token = take();
            switch (token.kind()) {
                case LPAREN -> {
                    if (++depth > MAX_DEPTH) {
                        throw bad("parentheses nested deeper than " + MAX_DEPTH);
                    }
                    String inner = or(field);
                    Token close = take();
                    if (close.kind() != Kind.RPAREN) {
                        throw bad("missing ')' for '(' at position " + (token.position() + 1));
                    }
                    depth--;
                    return inner;
                }
                case FIELD -> {
                    if (field != null) {
                        throw bad("'" + token.text() + ":' inside the values of '" + field.keyword() + ":'");
                    }
                    Field target = fields.resolve(token.text());
                    if (target == null) {
                        throw bad("unknown keyword '" + token.text() + "'");
                    }
                    if (peek().kind() == Kind.LPAREN) {
                        return primary(target);
                    }
                    Token value = take();
                    if (value.kind() != Kind.WORD && value.kind() != Kind.PHRASE && value.kind() != Kind.RANGE) {
                        throw bad("'" + token.text() + ":' needs a value");
                    }
                    return count(value(target, value));
                }
                case WORD, PHRASE, RANGE -> {
                    return count(field == null ? freeText(token) : value(field, token));
                }
                case RPAREN -> throw bad("unbalanced ')' at position " + (token.position() + 1));
                case END -> throw bad("the query ends where a term is expected");
                default -> throw bad("'" + token.text() + "' at position " + (token.position() + 1)
                        + " needs a term before and after it");
            }
        }

        private String count(String clause) throws SearchException {
            if (++clauses > MAX_CLAUSES) {
                throw bad("more than " + MAX_CLAUSES + " terms");
            }
            return clause;
        }
    }

    private static String join(List<String> operands, String operator) {
        return operands.size() == 1 ? operands.get(0) : "(" + String.join(operator, operands) + ")";
    }

    // ---------------------------------------------------------------- values

    private static String freeText(Token token) {
        if (token.kind() == Kind.PHRASE) {
            return Fields.TEXT + ":" + phrase(token.text());
        }
        if (token.text().chars().allMatch(c -> c == '*')) {
            return "*:*";
        }
        return Fields.TEXT + ":" + term(token.text(), true);
    }

    static String value(Field field, Token token) throws SearchException {
        Type type = field.type();
        String text = token.text();
        if (type.date()) {
            return field.queryField() + ":" + dateValue(field, token);
        }
        if (type.numeric()) {
            return field.queryField() + ":" + numberValue(field, token);
        }
        if (type == Type.BOOLEAN) {
            String value = text.toLowerCase(Locale.ROOT);
            if (token.kind() == Kind.RANGE || !(value.equals("true") || value.equals("false"))) {
                throw bad(field.keyword() + " is true or false, not '" + text + "'");
            }
            return field.queryField() + ":" + value;
        }
        // Strings, text, person names: whole values match their lowercased copy, words the tokenized field.
        String whole = field.wholeValueField();
        if (token.kind() == Kind.RANGE) {
            String[] bounds = rangeBounds(field, text);
            return whole + ":" + text.charAt(0) + stringBound(bounds[0]) + " TO " + stringBound(bounds[1])
                    + text.charAt(text.length() - 1);
        }
        boolean tokenized = type == Type.TEXT || type == Type.PERSON_NAME;
        if (token.kind() == Kind.PHRASE) {
            return (tokenized ? field.queryField() : whole) + ":" + phrase(tokenized ? text : lowerCase(text));
        }
        if (text.chars().allMatch(c -> c == '*')) {
            return field.valueField() + ":*";
        }
        boolean wildcard = text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
        if (tokenized && !wildcard && hasSeparator(text)) {
            // "Doe^John" is several words: keep them together.
            return field.queryField() + ":" + phrase(text);
        }
        return (tokenized ? field.queryField() : whole) + ":" + term(lowerCase(text), true);
    }

    /**
     * Lower case as the schema's {@code lowercase} filter writes it (code point by code point, so
     * that wildcard terms, which Solr may not analyze, meet the indexed terms).
     */
    static String lowerCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.toLowerCase(c)));
        return out.toString();
    }

    private static boolean hasSeparator(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String stringBound(String bound) {
        return bound.equals("*") ? "*" : phrase(lowerCase(unquote(bound)));
    }

    private static String unquote(String bound) {
        if (bound.length() >= 2 && bound.startsWith("\"") && bound.endsWith("\"")) {
            return bound.substring(1, bound.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return bound;
    }

    private static String[] rangeBounds(Field field, String range) throws SearchException {
        Matcher matcher = RANGE.matcher(range.substring(1, range.length() - 1).trim());
        if (!matcher.matches()) {
            throw bad("range of " + field.keyword() + " must look like [a TO b] or {a TO b}, not " + range);
        }
        return new String[] {matcher.group(1), matcher.group(2)};
    }

    // ---------------------------------------------------------------- numbers

    private static String numberValue(Field field, Token token) throws SearchException {
        String text = token.text();
        if (token.kind() == Kind.RANGE) {
            String[] bounds = rangeBounds(field, text);
            return text.charAt(0) + number(field, bounds[0]) + " TO " + number(field, bounds[1])
                    + text.charAt(text.length() - 1);
        }
        if (text.equals("*")) {
            return "[* TO *]";
        }
        return number(field, text);
    }

    private static String number(Field field, String text) throws SearchException {
        if (text.equals("*")) {
            return "*";
        }
        try {
            if (field.type() == Type.INT) {
                return Long.toString(Long.parseLong(text));
            }
            if (!DECIMAL.matcher(text).matches()) {
                throw new NumberFormatException(text);
            }
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException(text);
            }
            return Double.toString(value);
        } catch (NumberFormatException e) {
            throw bad(field.keyword() + " takes " + (field.type() == Type.INT ? "a whole number" : "a number")
                    + ", not '" + text + "'");
        }
    }

    // ---------------------------------------------------------------- dates

    /** A span of time: a day, a year, or one instant. */
    record Span(Instant from, Instant until, boolean instant) {}

    private static String dateValue(Field field, Token token) throws SearchException {
        String text = token.text();
        if (token.kind() == Kind.RANGE) {
            String[] bounds = rangeBounds(field, text);
            boolean lowerInclusive = text.charAt(0) == '[';
            boolean upperInclusive = text.charAt(text.length() - 1) == ']';
            String lower;
            boolean lowerBracket = true;
            if (bounds[0].equals("*")) {
                lower = "*";
            } else {
                Span span = span(field, unquote(bounds[0]));
                if (span.instant()) {
                    lower = span.from().toString();
                    lowerBracket = lowerInclusive;
                } else {
                    lower = (lowerInclusive ? span.from() : span.until()).toString();
                }
            }
            String upper;
            boolean upperBracket = false;
            if (bounds[1].equals("*")) {
                upper = "*";
                upperBracket = true;
            } else {
                Span span = span(field, unquote(bounds[1]));
                if (span.instant()) {
                    upper = span.from().toString();
                    upperBracket = upperInclusive;
                } else {
                    upper = (upperInclusive ? span.until() : span.from()).toString();
                }
            }
            return (lowerBracket ? "[" : "{") + lower + " TO " + upper + (upperBracket ? "]" : "}");
        }
        if (text.equals("*")) {
            return "[* TO *]";
        }
        Matcher dicomRange = DICOM_DATE_RANGE.matcher(text);
        if (dicomRange.matches() && text.length() > 1) {
            String lower = dicomRange.group(1) == null
                    ? "*"
                    : span(field, dicomRange.group(1)).from().toString();
            String upper = dicomRange.group(2) == null
                    ? "*"
                    : span(field, dicomRange.group(2)).until().toString();
            return "[" + lower + " TO " + upper + (upper.equals("*") ? "]" : "}");
        }
        Span span = span(field, text);
        if (span.instant()) {
            return "\"" + span.from() + "\"";
        }
        return "[" + span.from() + " TO " + span.until() + "}";
    }

    static Span span(Field field, String text) throws SearchException {
        try {
            if (text.matches("\\d{4}")) {
                LocalDate year = LocalDate.of(Integer.parseInt(text), 1, 1);
                return new Span(start(year), start(year.plusYears(1)), false);
            }
            if (text.matches("\\d{8}")) {
                LocalDate day = LocalDate.parse(text, BASIC_DATE);
                return new Span(start(day), start(day.plusDays(1)), false);
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate day = LocalDate.parse(text);
                return new Span(start(day), start(day.plusDays(1)), false);
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z")) {
                Instant instant = Instant.parse(text);
                return new Span(instant, instant, true);
            }
        } catch (DateTimeException e) {
            throw bad(field.keyword() + ": no such date '" + text + "'");
        }
        throw bad(field.keyword() + " takes dates as YYYYMMDD, YYYY-MM-DD, YYYY or ISO 8601 instants, not '" + text
                + "'");
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    // ---------------------------------------------------------------- escaping

    /** A term with every character that is not a letter or digit escaped, except wildcards if allowed. */
    static String term(String text, boolean wildcards) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) || (wildcards && (c == '*' || c == '?'))) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        String escaped = out.toString();
        if (escaped.equals("AND") || escaped.equals("OR") || escaped.equals("NOT") || escaped.equals("TO")) {
            return "\\" + escaped;
        }
        return escaped;
    }

    /** A quoted phrase: inside quotes only the quote and the backslash are special. */
    static String phrase(String text) {
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

    // ---------------------------------------------------------------- sorting

    /** Solr's {@code sort} for {@code Keyword asc, Keyword desc}; empty for relevance. */
    public String sort(String sort) throws SearchException {
        if (sort == null || sort.isBlank()) {
            return "";
        }
        String[] clauses = sort.split(",");
        if (clauses.length > MAX_SORT_CLAUSES) {
            throw bad("sort by at most " + MAX_SORT_CLAUSES + " keywords");
        }
        List<String> out = new ArrayList<>();
        for (String clause : clauses) {
            String[] parts = clause.trim().split("\\s+");
            if (parts.length > 2 || parts[0].isEmpty()) {
                throw bad("sort must look like 'Keyword asc, Keyword desc', not '" + clause.trim() + "'");
            }
            String direction = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw bad("sort direction is asc or desc, not '" + parts[1] + "'");
            }
            if (parts[0].equals("score")) {
                out.add("score " + direction);
                continue;
            }
            Field field = fields.resolve(parts[0]);
            if (field == null) {
                throw bad("unknown keyword '" + parts[0] + "' in sort");
            }
            if (field.type() == Type.STRINGS) {
                throw bad("cannot sort by " + field.keyword() + ": it has several values");
            }
            out.add(field.valueField() + " " + direction);
        }
        return String.join(",", out);
    }

    static SearchException bad(String message) {
        return new SearchException(Reason.BAD_QUERY, message);
    }
}
