/** The summary's implementation: a handful of aggregate queries over the inventory; private. */
package org.ovm.core.summary.internal;
