/** Implementation of {@link org.ovm.core.network}; private to the kernel bundle. */
package org.ovm.core.network.internal;
