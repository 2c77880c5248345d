/** Implementation of {@link org.ovm.core.quota}; private to the kernel bundle. */
package org.ovm.core.quota.internal;
