/** Implementation of {@link org.ovm.core.event}; private to the kernel bundle. */
package org.ovm.core.event.internal;
