package org.ovm.core.internal.support;

import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.PersistenceException;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;

/** Runs units of work in RESOURCE_LOCAL transactions on the inventory. */
public final class Tx {

    private final EntityManagerFactory emf;

    public Tx(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Runs {@code work} in a transaction and commits; rolls back on any exception. */
    public <T> T call(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (PersistenceException e) {
            throw translate(e);
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    public void run(Consumer<EntityManager> work) {
        call(em -> {
            work.accept(em);
            return null;
        });
    }

    private static RuntimeException translate(PersistenceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = t instanceof SQLException sql ? sql.getSQLState() : null;
            if ("23505".equals(state)) {
                return new OvmException(OvmError.CONFLICT, "the name is already taken (concurrent request)");
            }
            if ("40001".equals(state) || "40XL1".equals(state) || "40XL2".equals(state)) {
                // a deadlock victim or a lock wait that timed out: nothing was written
                return new OvmException(OvmError.INVENTORY_BUSY, "the inventory was busy with concurrent changes "
                        + "and this request was undone; send it again");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }
}
