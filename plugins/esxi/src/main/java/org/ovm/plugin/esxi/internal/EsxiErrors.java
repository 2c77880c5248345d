package org.ovm.plugin.esxi.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.MethodFault;

/**
 * Turns what yavijava throws (vSphere faults, socket and TLS errors) into driver exceptions whose
 * message says, in the operator's terms, what failed and what to do. Never includes credentials:
 * yavijava's faults carry none, and login requests are never echoed.
 */
final class EsxiErrors {

    private EsxiErrors() {
    }

    static DriverException translate(String what, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof DriverException known) {
            return known;
        }
        CertificateException certificate = find(e, CertificateException.class);
        if (certificate != null) {
            return new DriverException(ErrorCode.UNAUTHORIZED, what + ": " + certificate.getMessage()
                    + ". If the host's certificate was renewed on purpose, check the new fingerprint and set it as the "
                    + "host's thumbprint setting", false, null);
        }
        MethodFault fault = find(e, MethodFault.class);
        if (fault != null) {
            return fault(what, fault, message(fault, e));
        }
        UnknownHostException unknownHost = find(e, UnknownHostException.class);
        if (unknownHost != null) {
            return new DriverException(ErrorCode.UNREACHABLE, what + ": unknown host name (" + unknownHost.getMessage()
                    + ")", true, null);
        }
        if (find(e, ConnectException.class) != null || find(e, NoRouteToHostException.class) != null) {
            return new DriverException(ErrorCode.UNREACHABLE, what + ": the host refused the connection or is "
                    + "unreachable (" + e.getMessage() + "); check that it is up and its https port is open", true, null);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return new DriverException(ErrorCode.TIMEOUT, what + ": the host did not answer in time", true, null);
        }
        if (find(e, IOException.class) != null) {
            return new DriverException(ErrorCode.UNREACHABLE, what + ": " + rootMessage(e), true, null);
        }
        return new DriverException(ErrorCode.BACKEND_FAILURE, what + ": " + rootMessage(e), false, e);
    }

    /** A fault a host task ended with. */
    static DriverException taskFault(String what, LocalizedMethodFault error) {
        if (error == null) {
            return new DriverException(ErrorCode.BACKEND_FAILURE, what + ": the host's task failed without a reason");
        }
        MethodFault fault = error.getFault();
        String message = error.getLocalizedMessage();
        if (fault == null) {
            return new DriverException(ErrorCode.BACKEND_FAILURE, what + ": " + message);
        }
        return fault(what, fault, message == null || message.isBlank() ? message(fault, fault) : message);
    }

    private static DriverException fault(String what, MethodFault fault, String message) {
        String type = fault.getClass().getSimpleName();
        String text = what + ": " + type + (message == null || message.isBlank() ? "" : " (" + message + ")");
        return switch (type) {
            case "InvalidLogin", "NoPermission", "NotAuthenticated" -> new DriverException(ErrorCode.UNAUTHORIZED,
                    what + ": the host refused the user name or password (" + type + "); check the host's username and "
                            + "password", false, null);
            case "ManagedObjectNotFound", "FileNotFound", "NotFound", "InvalidDatastorePath" ->
                new DriverException(ErrorCode.NOT_FOUND, text, false, null);
            case "InvalidPowerState", "InvalidState", "TaskInProgress", "DuplicateName", "FileAlreadyExists",
                    "AlreadyExists", "ConcurrentAccess", "ToolsUnavailable", "SnapshotFault", "InUseFeatureManipulationDisallowed" ->
                new DriverException(ErrorCode.CONFLICT, text, false, null);
            case "InsufficientResourcesFault", "InsufficientMemoryResourcesFault", "InsufficientCpuResourcesFault",
                    "NoDiskSpace", "OutOfBounds" -> new DriverException(ErrorCode.INSUFFICIENT_CAPACITY, text, false, null);
            case "InvalidArgument", "InvalidRequest", "InvalidName", "InvalidDeviceSpec", "InvalidDatastore",
                    "InvalidProperty", "VmConfigFault", "InvalidController" ->
                new DriverException(ErrorCode.INVALID, text, false, null);
            case "NotSupported", "NotImplemented", "MethodNotFound" ->
                new DriverException(ErrorCode.UNSUPPORTED, text, false, null);
            case "RestrictedVersion" -> new DriverException(ErrorCode.UNSUPPORTED, what + ": the host's license "
                    + "forbids changes through its API (a free vSphere Hypervisor license is read-only): license the "
                    + "host, or manage it in its Host Client", false, null);
            case "HostCommunication", "HostNotConnected", "HostNotReachable", "RequestCanceled" ->
                new DriverException(ErrorCode.UNREACHABLE, text, true, null);
            default -> new DriverException(ErrorCode.BACKEND_FAILURE, text, false, null);
        };
    }

    private static String message(MethodFault fault, Throwable e) {
        if (fault.getFaultMessage() != null && fault.getFaultMessage().length > 0
                && fault.getFaultMessage()[0].getMessage() != null) {
            return fault.getFaultMessage()[0].getMessage();
        }
        String m = e.getMessage();
        return m == null || m.equals(fault.getClass().getName()) ? null : m;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
