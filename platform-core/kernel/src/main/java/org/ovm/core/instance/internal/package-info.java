/** Implementation of {@link org.ovm.core.instance}; private to the kernel bundle. */
package org.ovm.core.instance.internal;
