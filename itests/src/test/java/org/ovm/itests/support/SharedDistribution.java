package org.ovm.itests.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running distribution for every IT class annotated {@code @ExtendWith(SharedDistribution.class)}:
 * the first such class boots it, the root store of the JUnit engine keeps it, and it stops when
 * the run ends. A constructor or method parameter of type {@link Distribution} or {@link Api}
 * (admin) receives it.
 *
 * <p>The sharing holds within one JVM: failsafe runs every IT in one reused fork (itests/pom.xml).
 * Classes that kill or restart their engine, or start it with JVM options of their own
 * (CrashRecoveryIT, KvmIT, ...), keep a {@link Distribution} of their own.
 *
 * <p>Classes sharing it must not depend on each other or on their order: each installs the plugins
 * it needs ({@link Api#installPlugins}) and creates its own zones, clusters, hosts and VDCs under
 * names of its own, so that it passes alone ({@code -Dit.test=ThatIT}) and after any other.
 */
public final class SharedDistribution implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(SharedDistribution.class);
    private static final String NAME = "engine";
    private static final int PORT_BASE = 28000;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Distribution.class || type == Api.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Distribution dist = distribution(context);
        return parameter.getParameter().getType() == Api.class ? dist.api() : dist;
    }

    /** The shared distribution, booted on first use. */
    public static Distribution distribution(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(NAME, name -> Booted.boot(), Booted.class).distribution();
    }

    /**
     * The distribution, or why it did not start: a failed boot is kept too, so that the classes
     * after the first fail at once with its cause instead of each trying again for minutes.
     */
    private record Booted(Distribution dist, Exception failure) implements ExtensionContext.Store.CloseableResource {

        static Booted boot() {
            Distribution dist = null;
            try {
                dist = Distribution.unpack(NAME, PORT_BASE);
                dist.start();
                return new Booted(dist, null);
            } catch (Exception e) {
                if (dist != null) {
                    try {
                        dist.close();
                    } catch (Exception stop) {
                        e.addSuppressed(stop);
                    }
                }
                return new Booted(null, e);
            }
        }

        Distribution distribution() {
            if (failure != null) {
                throw new IllegalStateException("the shared OVM distribution did not start: " + failure.getMessage(),
                        failure);
            }
            return dist;
        }

        @Override
        public void close() throws Exception {
            if (dist != null) {
                dist.close();
            }
        }
    }
}
