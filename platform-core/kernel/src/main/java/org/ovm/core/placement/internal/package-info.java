/** Implementation of {@link org.ovm.core.placement}; private to the kernel bundle. */
package org.ovm.core.placement.internal;
