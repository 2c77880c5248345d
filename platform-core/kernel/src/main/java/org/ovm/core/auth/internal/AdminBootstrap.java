package org.ovm.core.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first admin on first start: the password comes from {@code OVM_ADMIN_PASSWORD}
 * or is generated, and is written to {@code data/admin-password} (mode 600) for {@code ./ovm up}.
 */
public final class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private AdminBootstrap() {
    }

    public static void run(AuthServiceImpl auth, Path dataDir, String fromEnvironment) {
        String password = fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : generate();
        if (!auth.bootstrapAdmin(password)) {
            return;
        }
        Path file = dataDir.resolve("admin-password");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        LOG.info("Created the first admin user 'admin'; its password is in {}", file);
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
