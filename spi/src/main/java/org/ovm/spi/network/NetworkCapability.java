package org.ovm.spi.network;

/** Optional network features. */
public enum NetworkCapability {
    /** 802.1Q tagging. */
    VLAN,
    /** DHCP service with reservations. */
    DHCP,
    /** Networks spanning hosts of a cluster. */
    MULTI_HOST,
    /** Security groups and anti-spoofing on NICs ({@link PortSecuritySupport}). @since 1.1 */
    SECURITY_GROUPS
}
