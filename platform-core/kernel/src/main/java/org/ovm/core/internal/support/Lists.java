package org.ovm.core.internal.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;
import javax.persistence.metamodel.Attribute;

import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/**
 * Builds filtered, searched, sorted and paged JPQL list queries. Each list names the filters it
 * accepts and the entity attribute each maps to (an unknown filter fails with 400 naming it), the
 * attributes its search ({@code q}) looks in and the fields it may be sorted by (an unknown sort
 * field fails with 400 listing the allowed ones). Values only ever travel as query parameters; a
 * search is a {@code LIKE} whose metacharacters are escaped.
 */
public final class Lists {

    /** The escape character of every {@code LIKE} pattern built here. */
    public static final char ESCAPE = '!';

    private Lists() {
    }

    /** A condition a service adds to every list of a caller, whatever the filters say. */
    public sealed interface Fixed permits Condition, AnyOf, Like {
    }

    /** A fixed condition added by the service (for example the caller's VDC). */
    public record Condition(String attribute, Object value) implements Fixed {
    }

    /** Holds when at least one of its conditions does (for example: mine, or my VDC's). */
    public record AnyOf(List<Condition> conditions) implements Fixed {

        public AnyOf {
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("AnyOf needs at least one condition");
            }
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code attribute LIKE pattern}, the pattern escaped with {@link #ESCAPE} (see {@link #escape}). */
    public record Like(String attribute, String pattern) implements Fixed {
    }

    /**
     * What a list accepts.
     *
     * @param filters  filter name → entity attribute (exact match)
     * @param searched the attributes a search looks in (case-insensitive substring; any of them)
     * @param sortable sort field → entity attribute
     * @param order    the usual order (a JPQL {@code ORDER BY} over {@code e}'s attributes, without {@code e.})
     */
    public record Spec(Map<String, String> filters, List<String> searched, Map<String, String> sortable,
            String order) {

        public Spec {
            filters = Map.copyOf(filters);
            searched = List.copyOf(searched);
            sortable = Map.copyOf(sortable);
        }

        /** The usual spec of an entity: it searches and sorts by {@code name} and sorts by {@code createdAt}, where it has them. */
        static Spec of(Set<String> attributes, Map<String, String> filters, String order) {
            Map<String, String> sortable = new LinkedHashMap<>();
            for (String field : List.of("name", "createdAt")) {
                if (attributes.contains(field)) {
                    sortable.put(field, field);
                }
            }
            return new Spec(filters, attributes.contains("name") ? List.of("name") : List.of(), sortable, order);
        }
    }

    /**
     * The pieces of a list query over {@code e}: its {@code WHERE} (or ""), its positional parameters in
     * order and its {@code ORDER BY}.
     */
    public record Query(String where, List<Object> params, String orderBy) {

        /** {@code condition} added to this query's conditions (its parameters numbered after this query's). */
        public String and(String condition) {
            return where + (where.isEmpty() ? " WHERE " : " AND ") + condition;
        }
    }

    /** Only {@code fixed} as a query over {@code e}, for aggregates that must see what a list would. */
    public static Query conditions(List<? extends Fixed> fixed) {
        return query(new Spec(Map.of(), List.of(), Map.of(), "id"), Filters.NONE, fixed, null, (a, v) -> v);
    }

    public static <E, V> Page<V> page(EntityManager em, Class<E> entity, Map<String, String> allowed, Filters filters,
            List<? extends Fixed> fixed, String orderBy, PageRequest page, Function<E, V> view) {
        return page(em, entity, allowed, filters, fixed, orderBy, page, view, null);
    }

    /**
     * As above; {@code unfilteredTotal}, when given, answers the total of a list without any
     * filter or fixed condition instead of a {@code COUNT} over the whole table. The list searches
     * and sorts as {@link Spec} does by default.
     */
    public static <E, V> Page<V> page(EntityManager em, Class<E> entity, Map<String, String> allowed, Filters filters,
            List<? extends Fixed> fixed, String orderBy, PageRequest page, Function<E, V> view,
            LongSupplier unfilteredTotal) {
        Set<String> attributes = em.getMetamodel().entity(entity).getAttributes().stream().map(Attribute::getName)
                .collect(Collectors.toSet());
        return page(em, entity, Spec.of(attributes, allowed, orderBy), filters, fixed, page, view, unfilteredTotal);
    }

    public static <E, V> Page<V> page(EntityManager em, Class<E> entity, Spec spec, Filters filters,
            List<? extends Fixed> fixed, PageRequest page, Function<E, V> view, LongSupplier unfilteredTotal) {
        Query query = query(spec, filters, fixed, page.sort(), (attribute, value) -> coerce(em, entity, attribute,
                value));
        String from = " FROM " + entity.getSimpleName() + " e" + query.where();
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(e)" + from, Long.class);
        TypedQuery<E> select = em.createQuery("SELECT e" + from + " ORDER BY " + query.orderBy(), entity);
        List<Object> params = query.params();
        for (int i = 0; i < params.size(); i++) {
            count.setParameter(i + 1, params.get(i));
            select.setParameter(i + 1, params.get(i));
        }
        long total = unfilteredTotal != null && params.isEmpty() ? unfilteredTotal.getAsLong()
                : count.getSingleResult();
        List<V> items = select.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream()
                .map(view).toList();
        return new Page<>(items, total);
    }

    /** Builds the query of a list; {@code coerce} turns a filter's text into the attribute's type. */
    static Query query(Spec spec, Filters filters, List<? extends Fixed> fixed, String sort,
            BiFunction<String, String, Object> coerce) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, String> filter : filters.values().entrySet()) {
            String attribute = spec.filters().get(filter.getKey());
            if (attribute == null) {
                throw OvmException.invalid(filter.getKey(), "unknown filter '" + filter.getKey() + "'; this list accepts "
                        + String.join(", ", sorted(spec.filters().keySet())) + ", q (search) and sort");
            }
            params.add(coerce.apply(attribute, filter.getValue()));
            and(where).append("e.").append(attribute).append(" = ?").append(params.size());
        }
        if (filters.query() != null) {
            if (spec.searched().isEmpty()) {
                throw OvmException.invalid("q", "this list cannot be searched; use its filters ("
                        + String.join(", ", sorted(spec.filters().keySet())) + ")");
            }
            params.add(contains(filters.query()));
            and(where).append('(');
            for (int i = 0; i < spec.searched().size(); i++) {
                where.append(i == 0 ? "" : " OR ").append("LOWER(e.").append(spec.searched().get(i))
                        .append(") LIKE ?").append(params.size()).append(" ESCAPE '").append(ESCAPE).append('\'');
            }
            where.append(')');
        }
        for (Fixed condition : fixed) {
            if (condition instanceof Like like) {
                params.add(like.pattern());
                and(where).append("e.").append(like.attribute()).append(" LIKE ?").append(params.size())
                        .append(" ESCAPE '").append(ESCAPE).append('\'');
                continue;
            }
            List<Condition> any = condition instanceof AnyOf anyOf ? anyOf.conditions() : List.of((Condition) condition);
            and(where).append('(');
            for (int i = 0; i < any.size(); i++) {
                params.add(any.get(i).value());
                where.append(i == 0 ? "" : " OR ").append("e.").append(any.get(i).attribute()).append(" = ?")
                        .append(params.size());
            }
            where.append(')');
        }
        return new Query(where.toString(), params, orderBy(spec, sort));
    }

    /** {@code e.<attribute> [DESC], e.id} for a sort field the spec allows, else the spec's usual order. */
    static String orderBy(Spec spec, String sort) {
        if (sort == null) {
            return prefixed(spec.order());
        }
        boolean descending = sort.startsWith("-");
        String field = descending ? sort.substring(1) : sort;
        String attribute = spec.sortable().get(field);
        if (attribute == null) {
            throw OvmException.invalid("sort", "cannot sort by '" + field + "'; this list sorts by "
                    + String.join(", ", sorted(spec.sortable().keySet())) + " (prefix '-' for descending)");
        }
        // the id breaks ties, so pages of a sorted list neither repeat nor skip rows
        return "e." + attribute + (descending ? " DESC" : "") + ", e.id" + (descending ? " DESC" : "");
    }

    /**
     * A list held in memory (merged from several sources) searched and sorted as a query would be:
     * {@code query} a case-insensitive substring of {@code searched}, {@code sort} one of {@code sortable}
     * ({@code -field} reverses it; others fail with 400 listing them), else {@code usual}.
     */
    public static <V> List<V> searchAndSort(List<V> items, String query, Function<V, String> searched,
            Map<String, java.util.Comparator<V>> sortable, java.util.Comparator<V> usual, String sort) {
        String needle = query == null ? null : query.toLowerCase(Locale.ROOT);
        java.util.Comparator<V> order = usual;
        if (sort != null) {
            boolean descending = sort.startsWith("-");
            String field = descending ? sort.substring(1) : sort;
            order = sortable.get(field);
            if (order == null) {
                throw OvmException.invalid("sort", "cannot sort by '" + field + "'; this list sorts by "
                        + String.join(", ", sorted(sortable.keySet())) + " (prefix '-' for descending)");
            }
            order = descending ? order.reversed() : order;
        }
        return items.stream().filter(item -> needle == null || (searched.apply(item) != null
                && searched.apply(item).toLowerCase(Locale.ROOT).contains(needle))).sorted(order).toList();
    }

    /** {@code %text%} in lower case with the {@code LIKE} metacharacters of {@code text} escaped. */
    public static String contains(String text) {
        return "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
    }

    /** {@code text} with {@code %}, {@code _} and the escape character escaped for a {@code LIKE ... ESCAPE '!'}. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 4);
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == ESCAPE) {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static StringBuilder and(StringBuilder where) {
        return where.append(where.length() == 0 ? " WHERE " : " AND ");
    }

    private static String prefixed(String order) {
        return java.util.Arrays.stream(order.split(",")).map(String::trim).map(part -> "e." + part)
                .collect(Collectors.joining(", "));
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static Object coerce(EntityManager em, Class<?> entity, String attribute, String value) {
        Class<?> type = em.getMetamodel().entity(entity).getAttribute(attribute).getJavaType();
        if (type == boolean.class || type == Boolean.class) {
            if (!"true".equals(value) && !"false".equals(value)) {
                throw OvmException.invalid(attribute, attribute + " must be true or false");
            }
            return Boolean.valueOf(value);
        }
        return value;
    }
}
