package org.ovm.core.auth;

/** What an admin sends to create a user. */
public record UserRequest(String username, String password, String role, String vdcId) {

    @Override
    public String toString() {
        return "UserRequest[username=" + username + ", role=" + role + ", vdcId=" + vdcId + "]";
    }
}
