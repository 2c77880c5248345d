/** Implementation of {@link org.ovm.core.host}; private to the kernel bundle. */
package org.ovm.core.host.internal;
