package org.ovm.plugin.nfsstorage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * The qemu-img and nfs-ls command lines this plugin runs and what their output means. The image format is
 * always given ({@code -f}, and {@code -F} for a backing file): qemu-img never probes one. Pure functions.
 */
final class QemuImg {

    static final String QEMU_IMG = "qemu-img";
    static final String NFS_LS = "nfs-ls";

    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\"\\s*:\\s*(\\d+)");
    private static final Pattern ACTUAL_SIZE = Pattern.compile("\"actual-size\"\\s*:\\s*(\\d+)");
    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BACKING = Pattern.compile("\"backing-filename\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DATA_FILE = Pattern.compile("\"data-file\"\\s*:");
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d{1,3})(?:\\.\\d+)?/100%\\)");
    private static final Pattern FREE = Pattern.compile("(\\d+) of (\\d+) bytes free");
    private static final Pattern CORRUPTIONS = Pattern.compile("\"corruptions\"\\s*:\\s*(\\d+)");

    private QemuImg() {
    }

    /** What {@code qemu-img info} says about an image. */
    record Info(String format, long virtualSize, long actualSize, String backing, boolean dataFile) {
    }

    static List<String> create(String format, String url, long sizeBytes) {
        return List.of(QEMU_IMG, "create", "-q", "-f", format, url, Long.toString(sizeBytes));
    }

    /** A qcow2 overlay on a backing file named by its plain URL (no query: it is written into the header). */
    static List<String> createLinked(String backingUrl, String backingFormat, String url, long sizeBytes) {
        return List.of(QEMU_IMG, "create", "-q", "-f", "qcow2", "-F", backingFormat, "-b", backingUrl, url,
                Long.toString(sizeBytes));
    }

    static List<String> info(String format, String url) {
        return List.of(QEMU_IMG, "info", "-f", format, "--output=json", url);
    }

    static List<String> check(String format, String url) {
        return List.of(QEMU_IMG, "check", "-f", format, "--output=json", url);
    }

    static List<String> resize(String format, String url, long sizeBytes) {
        return List.of(QEMU_IMG, "resize", "-q", "-f", format, url, Long.toString(sizeBytes));
    }

    /** A full, flattened copy; {@code -p} prints progress as "(NN.NN/100%)". */
    static List<String> convert(String sourceFormat, String source, String targetFormat, String target,
            boolean progress) {
        List<String> command = new ArrayList<>(List.of(QEMU_IMG, "convert"));
        if (progress) {
            command.add("-p");
        }
        command.addAll(List.of("-f", sourceFormat, "-O", targetFormat, source, target));
        return command;
    }

    static List<String> capacity(String poolUrl) {
        return List.of(NFS_LS, "-s", poolUrl);
    }

    static Info parseInfo(String json) {
        Matcher format = FORMAT.matcher(json);
        Matcher virtual = VIRTUAL_SIZE.matcher(json);
        if (!format.find() || !virtual.find()) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "qemu-img info said something unexpected: "
                    + shorten(json));
        }
        Matcher actual = ACTUAL_SIZE.matcher(json);
        Matcher backing = BACKING.matcher(json);
        return new Info(format.group(1), Long.parseLong(virtual.group(1)),
                actual.find() ? Long.parseLong(actual.group(1)) : 0, backing.find() ? backing.group(1) : null,
                DATA_FILE.matcher(json).find());
    }

    /** The percentage of a qemu-img -p line, or -1 if the line is not one. */
    static int progress(String line) {
        Matcher matcher = PROGRESS.matcher(line);
        int percent = -1;
        while (matcher.find()) {
            percent = Math.min(100, Integer.parseInt(matcher.group(1)));
        }
        return percent;
    }

    /** {@code nfs-ls -s}'s "N of M bytes free." as {free, total}; null when absent. */
    static long[] parseFree(String output) {
        Matcher matcher = FREE.matcher(output);
        return matcher.find() ? new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))}
                : null;
    }

    /** Whether the output says the file is not in the format qemu-img was told. */
    static boolean wrongFormat(String output) {
        return output.contains("Image is not in qcow2 format") || output.contains("is not in")
                && output.contains("format");
    }

    /** Whether qemu-img failed because the file is not there. */
    static boolean missing(String output) {
        return output.contains("NFS3ERR_NOENT") || output.contains("No such file or directory");
    }

    /**
     * The driver exception for a failed qemu-img or nfs-ls run on an export of {@code server}: the server or
     * export unreachable, the export full, QEMU's NFS driver missing, or a plain failure.
     */
    static DriverException failure(String what, String server, String output) {
        String text = shorten(output);
        if (output.contains("Unknown protocol 'nfs'") || output.contains("Unknown driver 'nfs'")
                || output.contains("Unknown protocol") && output.contains("nfs")) {
            return new DriverException(ErrorCode.UNSUPPORTED, "qemu-img on the engine's machine has no NFS driver "
                    + "(install qemu-block-extra): " + text);
        }
        if (output.contains("NFS3ERR_NOSPC") || output.contains("No space left")) {
            return new DriverException(ErrorCode.INSUFFICIENT_CAPACITY, what + " failed: the NFS export is full ("
                    + text + ")");
        }
        if (output.contains("MNT3ERR_ACCES") || output.contains("MNT3ERR_NOENT")) {
            return new DriverException(ErrorCode.UNREACHABLE, "NFS server " + server + " does not export this "
                    + "directory to the engine, or it does not exist: " + text);
        }
        if (output.contains("Failed to mount") || output.contains("RPC error") || output.contains("nfs_service")
                || output.contains("Program is not available") || output.contains("Connection refused")
                || output.contains("Failed to start connection") || output.contains("Can not resolv")) {
            return new DriverException(ErrorCode.UNREACHABLE, "NFS server " + server + " does not answer: " + text);
        }
        if (missing(output)) {
            return new DriverException(ErrorCode.NOT_FOUND, what + " failed: " + text);
        }
        if (output.contains("ACCESS denied") || output.contains("NFS3ERR_ACCES") || output.contains("Permission")) {
            return new DriverException(ErrorCode.BACKEND_FAILURE, what + " failed: the NFS server refuses access "
                    + "(the engine needs root access to the export: Squash = No_Root_Squash or no_root_squash): " + text);
        }
        return new DriverException(ErrorCode.BACKEND_FAILURE, what + " failed: " + text);
    }

    /**
     * What is wrong according to {@code qemu-img check}'s exit code and output, or null when nothing is
     * (the local-storage plugin's rules: leaked clusters waste space but lose no data).
     */
    static String refusal(int exit, String output, String format) {
        if (exit == 0 || exit == 3 || exit == 63) {
            return null;
        }
        String first = firstError(output);
        if (exit == 2) {
            Matcher count = CORRUPTIONS.matcher(output);
            String found = count.find() ? count.group(1) + " error(s)" : "errors";
            return "the " + format + " image is corrupt or truncated: qemu-img check found " + found
                    + (first == null ? "" : " (" + first + ")") + "; upload or register a complete image";
        }
        return "the file cannot be checked as a " + format + " image" + (first == null ? " (qemu-img check exit "
                + exit + ")" : ": " + first);
    }

    private static String firstError(String output) {
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("ERROR") || trimmed.startsWith("qemu-img:")) {
                String text = trimmed.startsWith("qemu-img:") ? trimmed.substring(9).strip() : trimmed;
                return shorten(text);
            }
        }
        return null;
    }

    static String shorten(String text) {
        String one = text.strip().replaceAll("\\s*\n\\s*", " ");
        if (one.startsWith("qemu-img: ")) {
            one = one.substring(10);
        }
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
