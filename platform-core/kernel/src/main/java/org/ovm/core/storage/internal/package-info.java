/** Implementation of {@link org.ovm.core.storage}; private to the kernel bundle. */
package org.ovm.core.storage.internal;
