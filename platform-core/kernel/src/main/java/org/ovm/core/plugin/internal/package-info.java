/** Implementation of {@link org.ovm.core.plugin}; private to the kernel bundle. */
package org.ovm.core.plugin.internal;
