/** Small helpers shared by the capabilities: transactions, ids, JSON, lists, times, sizes; private. */
package org.ovm.core.internal.support;
