/** Authentication and users: logins, API tokens, accounts and their roles. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.auth;
