/** Implementation of {@link org.ovm.core.balance}; private to the kernel bundle. */
package org.ovm.core.balance.internal;
