/** Implementation of {@link org.ovm.core.auth}; private to the kernel bundle. */
package org.ovm.core.auth.internal;
