/** Implementation of {@link org.ovm.core.image}; private to the kernel bundle. */
package org.ovm.core.image.internal;
