/** Implementation of {@link org.ovm.core.backup}; private to the kernel bundle. */
package org.ovm.core.backup.internal;
