package org.ovm.console.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFB's "VNC authentication" (security type 2, RFC 6143 7.2.2): the server's 16-byte challenge
 * encrypted with DES, keyed by the password's first eight bytes, each byte's bits mirrored.
 */
final class VncAuthentication {

    static final int CHALLENGE_BYTES = 16;

    private VncAuthentication() {
    }

    static byte[] response(String password, byte[] challenge) {
        byte[] key = new byte[8];
        byte[] bytes = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < key.length && i < bytes.length; i++) {
            key[i] = (byte) (Integer.reverse(bytes[i] & 0xff) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge, 0, CHALLENGE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES is not available in this JVM", e);
        }
    }
}
