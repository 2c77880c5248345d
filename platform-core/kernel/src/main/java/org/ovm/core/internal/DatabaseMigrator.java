package org.ovm.core.internal;

import java.sql.Connection;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Migrates the inventory schema forward with Liquibase before anything touches it. The
 * changelog only ever grows, so an upgraded engine keeps all existing data.
 */
public final class DatabaseMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrator.class);
    static final String CHANGELOG = "db/changelog.xml";

    private DatabaseMigrator() {
    }

    public static void migrate(DataSource dataSource) {
        long started = System.nanoTime();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(DatabaseMigrator.class.getClassLoader());
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(CHANGELOG,
                    new ClassLoaderResourceAccessor(DatabaseMigrator.class.getClassLoader()), database)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
            // Liquibase leaves autocommit off; Derby refuses to close a connection mid-transaction
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.commit();
            }
            LOG.info("Inventory schema is current ({} ms)", (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException("Inventory schema migration failed: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
