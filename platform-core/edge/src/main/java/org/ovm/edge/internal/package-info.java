/**
 * The HTTP edge: checks every request before any servlet sees it (Jetty request customizer).
 */
package org.ovm.edge.internal;
