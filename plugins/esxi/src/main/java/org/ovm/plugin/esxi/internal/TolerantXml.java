package org.ovm.plugin.esxi.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Makes a vSphere SOAP response readable by yavijava whatever API version the host speaks.
 * yavijava maps every XML element to a public field of its vim25 class and fails the whole call
 * ({@code NoSuchFieldException}) on an element its classes lack, and on an {@code xsi:type} it
 * has no class for; ESXi 6.5 and later (and govmomi's simulator) send many. This walks the
 * response with the vim25 classes as the schema, from the call's return type down, and drops
 * exactly what yavijava cannot map: unknown elements, and values of unknown types. Everything
 * yavijava knows reaches it unchanged.
 */
final class TolerantXml {

    private static final String VIM = "com.vmware.vim25.";
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    /** Class per vim25 type name; {@code Object.class} marks a name yavijava has no class for. */
    private static final Map<String, Class<?>> TYPES = new ConcurrentHashMap<>();

    private TolerantXml() {
    }

    /**
     * The response with what yavijava cannot map removed.
     *
     * @param returnType the call's return type as yavijava names it ({@code ServiceContent},
     *                   {@code ObjectContent[]}, {@code ManagedObjectReference}, ...), or null
     * @param dropped    told the path of every element dropped (for a debug log)
     */
    static byte[] prune(String returnType, InputStream response, Consumer<String> dropped)
            throws IOException {
        Document doc = parse(response);
        doc.getDocumentElement().setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI);
        Element body = child(doc.getDocumentElement(), "Body");
        Element answer = body == null ? null : firstElement(body);
        if (answer == null || answer.getLocalName().equals("Fault") || returnType == null) {
            return write(doc);
        }
        Class<?> type = vimClass(returnType.replace("[]", ""));
        if (type != Object.class) {
            for (Element returnval : elements(answer)) {
                prune(returnval, type, returnType + "/" + returnval.getLocalName(), dropped);
            }
        }
        return write(doc);
    }

    /** Prunes an element whose declared type is {@code declared}. */
    private static void prune(Element element, Class<?> declared, String path, Consumer<String> dropped) {
        Class<?> type = declared;
        String xsiType = element.getAttributeNS(XSI, "type");
        if (!xsiType.isEmpty()) {
            normalizeXsiPrefix(element, xsiType);
            String name = xsiType.contains(":") ? xsiType.substring(xsiType.indexOf(':') + 1) : xsiType;
            if (!isXsdType(xsiType)) {
                type = vimClass(name);
                if (type == Object.class) {
                    // a type newer than yavijava: its value cannot be read; the field stays empty
                    dropped.accept(path + " (type " + name + ")");
                    element.getParentNode().removeChild(element);
                    return;
                }
            }
        }
        if (isLeaf(type)) {
            return;
        }
        for (Element child : elements(element)) {
            Field field = field(type, child.getLocalName());
            if (field == null) {
                dropped.accept(path + "/" + child.getLocalName());
                element.removeChild(child);
                continue;
            }
            Class<?> fieldType = field.getType().isArray() ? field.getType().getComponentType() : field.getType();
            prune(child, fieldType, path + "/" + child.getLocalName(), dropped);
        }
    }

    /**
     * Writes {@code xsi:type} with the prefix {@code xsi}, after the element's other attributes.
     * yavijava's parser finds attributes by local name, first match: on a managed object
     * reference ({@code <val xsi:type="ManagedObjectReference" type="Folder">}) it must meet the
     * plain {@code type} first, which it does when the schema-instance prefix is {@code xsi} but
     * not under another prefix (govmomi writes {@code XMLSchema-instance:type}), though both are
     * the same XML.
     */
    private static void normalizeXsiPrefix(Element element, String xsiType) {
        if (element.getAttributeNode("type") == null) {
            return;
        }
        element.removeAttributeNS(XSI, "type");
        element.setAttributeNS(XSI, "xsi:type", xsiType);
    }

    /** What yavijava reads as text: no fields to check below it. */
    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type == String.class || Number.class.isAssignableFrom(type)
                || type == Boolean.class || Calendar.class.isAssignableFrom(type) || type == byte[].class
                || type.getName().equals(VIM + "ManagedObjectReference")
                || !type.getName().startsWith(VIM) && type != Object.class;
    }

    private static boolean isXsdType(String xsiType) {
        return xsiType.startsWith("xsd:") || xsiType.startsWith("xs:");
    }

    /** The public field yavijava maps an element to: the name, or {@code _name} for Java keywords. */
    private static Field field(Class<?> type, String name) {
        try {
            return type.getField(name);
        } catch (NoSuchFieldException e) {
            try {
                return type.getField("_" + name);
            } catch (NoSuchFieldException e2) {
                return null;
            }
        }
    }

    private static Class<?> vimClass(String name) {
        return TYPES.computeIfAbsent(name, n -> {
            try {
                return Class.forName(VIM + n, false, TolerantXml.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return Object.class;
            }
        });
    }

    private static Document parse(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the host's answer is not XML: " + e.getMessage(), e);
        }
    }

    private static byte[] write(Document doc) throws IOException {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static InputStream asStream(byte[] xml) {
        return new ByteArrayInputStream(xml);
    }

    private static Element child(Element parent, String localName) {
        for (Element e : elements(parent)) {
            if (localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        List<Element> all = elements(parent);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The element children, copied (so removing one while iterating is safe). */
    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
