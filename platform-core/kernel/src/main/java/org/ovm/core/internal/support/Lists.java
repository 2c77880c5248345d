package org.ovm.core.internal.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/**
 * Builds filtered, paged JPQL list queries. Each list names the filters it accepts and the
 * entity attribute each maps to; an unknown filter fails with 400 naming it.
 */
public final class Lists {

    private Lists() {
    }

    /** A condition a service adds to every list of a caller, whatever the filters say. */
    public sealed interface Fixed permits Condition, AnyOf {
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

    public static <E, V> Page<V> page(EntityManager em, Class<E> entity, Map<String, String> allowed, Filters filters,
            List<? extends Fixed> fixed, String orderBy, PageRequest page, Function<E, V> view) {
        return page(em, entity, allowed, filters, fixed, orderBy, page, view, null);
    }

    /**
     * As above; {@code unfilteredTotal}, when given, answers the total of a list without any
     * filter or fixed condition instead of a {@code COUNT} over the whole table.
     */
    public static <E, V> Page<V> page(EntityManager em, Class<E> entity, Map<String, String> allowed, Filters filters,
            List<? extends Fixed> fixed, String orderBy, PageRequest page, Function<E, V> view,
            LongSupplier unfilteredTotal) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, String> filter : filters.values().entrySet()) {
            String attribute = allowed.get(filter.getKey());
            if (attribute == null) {
                throw OvmException.invalid(filter.getKey(), "unknown filter '" + filter.getKey() + "'; this list accepts "
                        + String.join(", ", allowed.keySet().stream().sorted().toList()));
            }
            params.add(coerce(em, entity, attribute, filter.getValue()));
            where.append(where.length() == 0 ? " WHERE " : " AND ").append("e.").append(attribute).append(" = ?")
                    .append(params.size());
        }
        for (Fixed condition : fixed) {
            List<Condition> any = condition instanceof AnyOf anyOf ? anyOf.conditions() : List.of((Condition) condition);
            where.append(where.length() == 0 ? " WHERE (" : " AND (");
            for (int i = 0; i < any.size(); i++) {
                params.add(any.get(i).value());
                where.append(i == 0 ? "" : " OR ").append("e.").append(any.get(i).attribute()).append(" = ?")
                        .append(params.size());
            }
            where.append(')');
        }
        String from = " FROM " + entity.getSimpleName() + " e" + where;
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(e)" + from, Long.class);
        TypedQuery<E> select = em.createQuery("SELECT e" + from + " ORDER BY e." + orderBy, entity);
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
