package org.ovm.plugin.kvm.internal;

import org.libvirt.Domain;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.PauseSupport;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * Why a domain is in its state: {@code virDomainGetState}, which libvirt-java 0.5.4 does not bind
 * (its {@code getInfo} gives the state without the reason), called through JNA on libvirt-java's
 * domain pointer like {@link KvmSerialConsole} does.
 */
final class DomainStates {

    /** {@code VIR_DOMAIN_PAUSED} in {@code virDomainState}. */
    static final int PAUSED = 3;
    /** {@code VIR_DOMAIN_PAUSED_IOERROR} in {@code virDomainPausedReason}: a disk failed, error_policy='stop'. */
    static final int PAUSED_IOERROR = 5;

    interface Api extends com.sun.jna.Library {
        int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

        String virGetLastErrorMessage();
    }

    private static final class Holder {
        static final Api API = Native.load("virt", Api.class);
    }

    private DomainStates() {
    }

    /** The domain's state and reason codes as libvirt reports them ({@code [state, reason]}). */
    static int[] stateAndReason(Domain domain) {
        IntByReference state = new IntByReference();
        IntByReference reason = new IntByReference();
        Api api = Holder.API;
        if (api.virDomainGetState(KvmSerialConsole.pointer(domain, Domain.class, "vdp"), state, reason, 0) < 0) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "libvirt could not tell the domain's state: "
                    + api.virGetLastErrorMessage());
        }
        return new int[] {state.getValue(), reason.getValue()};
    }

    /**
     * {@link PauseSupport#PAUSE_REASON}'s value for a paused domain: {@link PauseSupport#IO_ERROR} when
     * its storage failed, else libvirt's reason in words; null when it is not paused.
     */
    static String pauseReason(int state, int reason) {
        if (state != PAUSED) {
            return null;
        }
        return switch (reason) {
            case PAUSED_IOERROR -> PauseSupport.IO_ERROR;
            case 1 -> "user";
            case 2 -> "migration";
            case 3 -> "save";
            case 4 -> "dump";
            case 6 -> "watchdog";
            case 7, 9 -> "snapshot";
            case 8 -> "shutting-down";
            case 11 -> "starting-up";
            case 12, 13 -> "postcopy";
            default -> "unknown";
        };
    }
}
