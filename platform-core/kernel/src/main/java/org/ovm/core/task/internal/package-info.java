/** Implementation of {@link org.ovm.core.task}; private to the kernel bundle. */
package org.ovm.core.task.internal;
