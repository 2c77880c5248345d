/** Durable tasks: the asynchronous operations the API answers 202 for, with their steps. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.task;
