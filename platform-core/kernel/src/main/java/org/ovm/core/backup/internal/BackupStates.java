package org.ovm.core.backup.internal;

/** The states and consistencies of a backup row. */
final class BackupStates {

    static final String CREATING = "CREATING";
    static final String READY = "READY";
    static final String DELETING = "DELETING";
    static final String ERROR = "ERROR";

    static final String OFFLINE = "offline";

    private BackupStates() {
    }
}
