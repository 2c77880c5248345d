/** Authentication and users: logins, API tokens, accounts and their roles. 1.1: {@code UserUpdate}. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.auth;
