/** Implementation of {@link org.ovm.core.console}; private to the kernel bundle. */
package org.ovm.core.console.internal;
