/** The kernel's composition root (Kernel), schema migration and the cross-cutting health and idempotency services; private. */
package org.ovm.core.internal;
