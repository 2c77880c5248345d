package org.ovm.core.internal;

import javax.sql.DataSource;

/** Lets tests in other packages migrate a database with the kernel's changelog. */
public final class DatabaseMigratorAccess {

    private DatabaseMigratorAccess() {
    }

    public static void migrate(DataSource dataSource) {
        DatabaseMigrator.migrate(dataSource);
    }
}
