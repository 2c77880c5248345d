package org.ovm.core.network;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/**
 * Networks and their IPAM. Every user may list networks (to plug NICs into them); admins create and
 * delete them. Addresses are handed out with the instance that uses them and given back when it goes.
 */
public interface NetworkService {

    /** Filters: {@code name}, {@code type}, {@code clusterId}. */
    Page<NetworkView> list(Caller caller, Filters filters, PageRequest page);

    NetworkView get(Caller caller, String id);

    NetworkView create(Caller caller, NetworkRequest request);

    /**
     * Starts the {@code network.delete} task (or answers with the one already running): it removes
     * the network from every host it is realized on, then deletes it. Fails at once with 409 while
     * instances hold addresses of it.
     */
    TaskView delete(Caller caller, String id);

    /**
     * The addresses in use, lowest first, with the DHCP servers' own (role {@code dhcp}); non-admins
     * see only their VDC's.
     */
    List<AddressView> addresses(Caller caller, String id);
}
