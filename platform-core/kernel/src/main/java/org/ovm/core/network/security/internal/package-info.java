/** Implementation of {@link org.ovm.core.network.security}; private to the kernel bundle. */
package org.ovm.core.network.security.internal;
