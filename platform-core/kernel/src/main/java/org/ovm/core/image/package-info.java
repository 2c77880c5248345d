/** The image center: templates, ISOs and uploads that instances are created from. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.image;
