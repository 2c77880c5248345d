package org.ovm.core.auth.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * User names compare without case: {@code Admin} is {@code admin} when logging in, when looked
 * up and when a new user would take the name. A name that differs only in case from an
 * existing one is not available (accounts created before this rule may still differ only in
 * case: an exact match then wins, and an ambiguous variant matches no one).
 */
final class Usernames {

    /** The answer to a taken name; user names are global, so it says no more than that. */
    static final String TAKEN = "the user name is not available";

    private Usernames() {
    }

    /** The form names are compared in. */
    static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /**
     * The account {@code asked} names among those whose name equals it without case: the exact
     * match, else the only one, else none.
     */
    static <T> T pick(List<T> sameKey, Function<T, String> name, String asked) {
        for (T candidate : sameKey) {
            if (name.apply(candidate).equals(asked)) {
                return candidate;
            }
        }
        return sameKey.size() == 1 ? sameKey.get(0) : null;
    }
}
