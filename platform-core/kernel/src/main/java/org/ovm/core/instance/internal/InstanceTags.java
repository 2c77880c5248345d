package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.ovm.core.OvmException;
import org.ovm.core.internal.support.Lists;

/**
 * Instance tags: 1–32 characters of letters, digits, '.', '_' and '-', at most
 * {@value #MAX_TAGS} per instance, kept in order without repeats. The row holds them as
 * {@code ,a,b,} so that the list filter {@code ?tag=a} is one {@code LIKE '%,a,%'} on the row.
 */
final class InstanceTags {

    static final int MAX_TAGS = 16;
    static final int MAX_LENGTH = 32;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private InstanceTags() {
    }

    /** The checked tags (repeats dropped), or 400 naming {@code tags}; null stays null. */
    static List<String> check(List<String> tags) {
        if (tags == null) {
            return null;
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw OvmException.invalid("tags", "tag '" + tag + "' is not valid: a tag has 1 to " + MAX_LENGTH
                        + " letters, digits, '.', '_' or '-'");
            }
            unique.add(tag);
        }
        if (unique.size() > MAX_TAGS) {
            throw OvmException.invalid("tags", "an instance has at most " + MAX_TAGS + " tags, got " + unique.size());
        }
        return List.copyOf(unique);
    }

    /** The column's value for {@code tags} (null for none). */
    static String encode(List<String> tags) {
        return tags == null || tags.isEmpty() ? null : "," + String.join(",", tags) + ",";
    }

    /** The tags a column holds. */
    static List<String> decode(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.stream(column.split(",")).filter(tag -> !tag.isEmpty()).toList());
    }

    /** The list condition of the filter {@code ?tag=}: 400 naming {@code tag} when it cannot be a tag. */
    static Lists.Like filter(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw OvmException.invalid("tag", "tag '" + tag + "' is not valid: a tag has 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-'");
        }
        return new Lists.Like("tags", "%," + Lists.escape(tag) + ",%");
    }
}
