package org.ovm.lib.libvirt;

import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/** Maps libvirt's errors to the SPI's error codes. */
public final class LibvirtErrors {

    private LibvirtErrors() {
    }

    public static DriverException translate(String what, LibvirtException e) {
        ErrorNumber number = e.getError() == null ? null : e.getError().getCode();
        ErrorCode code = code(number);
        return new DriverException(code, what + ": " + e.getMessage(), code == ErrorCode.UNREACHABLE, e);
    }

    /** Like {@link #translate(String, LibvirtException)}, saying which libvirt was unreachable. */
    public static DriverException translate(String what, String uri, LibvirtException e) {
        DriverException error = translate(what, e);
        if (error.code() != ErrorCode.UNREACHABLE) {
            return error;
        }
        return new DriverException(ErrorCode.UNREACHABLE, "libvirt at " + uri + " is unreachable (" + what + "): "
                + e.getMessage(), true, e);
    }

    public static ErrorCode code(ErrorNumber number) {
        if (number == null) {
            return ErrorCode.BACKEND_FAILURE;
        }
        return switch (number) {
            case VIR_ERR_NO_DOMAIN, VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL ->
                    ErrorCode.NOT_FOUND;
            case VIR_ERR_OPERATION_INVALID, VIR_ERR_DOM_EXIST -> ErrorCode.CONFLICT;
            case VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_RPC, VIR_ERR_SYSTEM_ERROR -> ErrorCode.UNREACHABLE;
            case VIR_ERR_AUTH_FAILED, VIR_ERR_AUTH_CANCELLED -> ErrorCode.UNAUTHORIZED;
            case VIR_ERR_OPERATION_TIMEOUT -> ErrorCode.TIMEOUT;
            case VIR_ERR_NO_SUPPORT, VIR_ERR_CONFIG_UNSUPPORTED -> ErrorCode.UNSUPPORTED;
            case VIR_ERR_XML_ERROR, VIR_ERR_INVALID_ARG -> ErrorCode.INVALID;
            default -> ErrorCode.BACKEND_FAILURE;
        };
    }

    public static boolean isMissingDomain(LibvirtException e) {
        return is(e, ErrorNumber.VIR_ERR_NO_DOMAIN);
    }

    /** True if the call failed because the named object does not exist. */
    public static boolean is(LibvirtException e, ErrorNumber number) {
        return e.getError() != null && e.getError().getCode() == number;
    }
}
