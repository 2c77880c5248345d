package org.ovm.core;

/** The unauthenticated health answer. */
public interface HealthService {

    HealthView health();
}
