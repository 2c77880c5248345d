package org.ovm.core.image;

import java.util.regex.Pattern;

/** Container image references as engines take them: the one rule for creates, pulls and imports. */
public final class ImageReferences {

    /** The longest reference accepted. */
    public static final int MAX_LENGTH = 255;

    /** Optional registry {@code host[:port]/}, a lower-case repository path, a tag and/or a sha256 digest. */
    public static final Pattern PATTERN = Pattern.compile(
            "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]{1,5})?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
                    + "(?:@sha256:[a-f0-9]{64})?$");

    private ImageReferences() {
    }

    /** Whether {@code reference} is one. */
    public static boolean valid(String reference) {
        return reference != null && reference.length() <= MAX_LENGTH && PATTERN.matcher(reference).matches();
    }
}
