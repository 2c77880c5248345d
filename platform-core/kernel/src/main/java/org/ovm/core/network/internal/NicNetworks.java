package org.ovm.core.network.internal;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.network.NicRequest;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.network.NetworkDriver;

/** The networks of the NICs an instance asks for, checked. */
public final class NicNetworks {

    /** The most NICs an instance has. */
    public static final int MAX_NICS = 16;

    private NicNetworks() {
    }

    /** The networks of the requested NICs, in order: each exists and its driver is installed. */
    public static List<NetworkEntity> of(EntityManager em, DriverRegistry<NetworkDriver> drivers,
            List<NicRequest> nics) {
        if (nics == null) {
            return List.of();
        }
        if (nics.size() > MAX_NICS) {
            throw OvmException.invalid("nics", "an instance has at most " + MAX_NICS + " NICs");
        }
        List<NetworkEntity> networks = new ArrayList<>();
        for (NicRequest nic : nics) {
            if (nic == null || nic.networkId() == null) {
                throw OvmException.invalid("nics", "every NIC names its networkId");
            }
            NetworkEntity network = em.find(NetworkEntity.class, nic.networkId());
            if (network == null) {
                throw OvmException.invalid("nics", "network " + nic.networkId() + " does not exist");
            }
            drivers.require(network.getType());
            networks.add(network);
        }
        return networks;
    }
}
