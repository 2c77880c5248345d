/** Implementation of {@link org.ovm.core.snapshot}; private to the kernel bundle. */
package org.ovm.core.snapshot.internal;
