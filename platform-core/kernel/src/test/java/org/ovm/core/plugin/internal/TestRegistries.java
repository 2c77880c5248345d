package org.ovm.core.plugin.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Driver registries holding given drivers, without OSGi: a proxy context hands them out by reference. */
public final class TestRegistries {

    private TestRegistries() {
    }

    @SuppressWarnings("unchecked")
    public static <T> DriverRegistry<T> of(Class<T> type, String keyProperty, String area, Map<String, T> drivers) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(TestRegistries.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getService" -> drivers.get(((ServiceReference<?>) args[0]).getProperty(keyProperty));
                    case "ungetService" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        DriverRegistry<T> registry = new DriverRegistry<>(context, type, keyProperty, area);
        try {
            Field field = DriverRegistry.class.getDeclaredField("byKey");
            field.setAccessible(true);
            Map<String, List<ServiceReference<T>>> byKey = (Map<String, List<ServiceReference<T>>>) field.get(registry);
            drivers.keySet().forEach(key -> byKey.put(key, List.of((ServiceReference<T>) Proxy.newProxyInstance(
                    TestRegistries.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getProperty" -> keyProperty.equals(args[0]) ? key : null;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    }))));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return registry;
    }
}
