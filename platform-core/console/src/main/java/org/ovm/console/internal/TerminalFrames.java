package org.ovm.console.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The browser's messages on a terminal websocket: text frames holding one flat JSON object,
 * {@code {"type":"input","data":"ls\r"}} or {@code {"type":"resize","cols":120,"rows":32}}.
 * Read by a small parser of flat objects (string and integer values), so the console bundle
 * needs no JSON library.
 */
final class TerminalFrames {

    /** The most a browser sends in one message. */
    static final int MAX_MESSAGE = 64 * 1024;

    /** A message from the browser: keystrokes, or a new size. */
    record Frame(String type, String data, int columns, int rows) {
    }

    private TerminalFrames() {
    }

    /** The frame, or null for anything that is not one of the two messages. */
    static Frame parse(String text) {
        if (text == null || text.length() > MAX_MESSAGE) {
            return null;
        }
        Map<String, Object> object;
        try {
            object = new Reader(text).object();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
        Object type = object.get("type");
        if ("input".equals(type) && object.get("data") instanceof String data) {
            return new Frame("input", data, 0, 0);
        }
        if ("resize".equals(type) && object.get("cols") instanceof Long cols && object.get("rows") instanceof Long rows
                && cols > 0 && cols <= 1000 && rows > 0 && rows <= 1000) {
            return new Frame("resize", null, cols.intValue(), rows.intValue());
        }
        return null;
    }

    /** A reader of one flat JSON object. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> out = new HashMap<>();
            skip();
            expect('{');
            skip();
            if (peek() == '}') {
                i++;
                return end(out);
            }
            while (true) {
                skip();
                String key = string();
                skip();
                expect(':');
                skip();
                char c = peek();
                out.put(key, c == '"' ? string() : number());
                skip();
                char next = s.charAt(i++);
                if (next == '}') {
                    return end(out);
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , or }");
                }
            }
        }

        private Map<String, Object> end(Map<String, Object> out) {
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing text");
            }
            return out;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape");
                }
            }
        }

        private Long number() {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            try {
                return Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            i++;
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(i);
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
