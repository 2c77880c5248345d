package org.ovm.core.internal.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.ovm.core.internal.DatabaseMigratorAccess;

/**
 * The inventory for unit tests: the kernel's own Liquibase changelog and persistence unit on a
 * fresh in-memory Derby database per instance, so services run their real SQL without OSGi.
 */
public final class InventoryDb implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String url;
    private final EntityManagerFactory emf;
    private final Tx tx;

    // kept: java.util.logging holds loggers weakly, and a collected one forgets its level
    private static final java.util.logging.Logger LIQUIBASE = java.util.logging.Logger.getLogger("liquibase");

    static {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        System.setProperty("liquibase.showSummaryOutput", "log");
        System.setProperty("liquibase.command.showSummary", "off");
        System.setProperty("liquibase.showBanner", "false");
        LIQUIBASE.setLevel(java.util.logging.Level.OFF);
    }

    public InventoryDb() {
        String name = "memory:ovmtest" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
        url = "jdbc:derby:" + name;
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(name);
        dataSource.setCreateDatabase("create");
        try {
            // Liquibase's messages to the log (off above), not to the console
            liquibase.Scope.child(Map.of(liquibase.Scope.Attr.ui.name(), new liquibase.ui.LoggerUIService()),
                    () -> DatabaseMigratorAccess.migrate(dataSource));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        emf = Persistence.createEntityManagerFactory("ovm", Map.of("javax.persistence.jdbc.url", url,
                "openjpa.ConnectionRetainMode", "transaction"));
        tx = new Tx(emf);
    }

    public Tx tx() {
        return tx;
    }

    @Override
    public void close() {
        emf.close();
        try {
            EmbeddedDataSource drop = new EmbeddedDataSource();
            drop.setDatabaseName(url.substring("jdbc:derby:".length()));
            drop.setConnectionAttributes("drop=true");
            drop.getConnection().close();
        } catch (java.sql.SQLException expected) {
            // Derby answers a successful drop with an exception
        }
    }
}
