package org.ovm.plugin.esxi.internal;

import java.rmi.RemoteException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.mo.util.PropertyCollectorUtil;

/**
 * Reads properties of many objects in one round trip, and says why one is missing: an object
 * the host no longer has is left out of the result (a host may instead fail the whole call with
 * {@code ManagedObjectNotFound}), and a property withheld because the session is gone fails the
 * call with {@code NotAuthenticated}, so that the caller logs in again rather than taking an
 * empty answer for an empty host.
 */
final class Properties {

    private Properties() {
    }

    /** Each object's values by property path, in the order asked; unknown objects left out. */
    static Map<String, Map<String, Object>> read(EsxiSessions.Session s, String type, List<ManagedObjectReference> refs,
            String... paths) throws RemoteException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        PropertySpec properties = new PropertySpec();
        properties.setType(type);
        properties.setPathSet(paths);
        ObjectSpec[] objects = refs.stream().map(ref -> {
            ObjectSpec o = new ObjectSpec();
            o.setObj(ref);
            o.setSkip(false);
            return o;
        }).toArray(ObjectSpec[]::new);
        PropertyFilterSpec filter = new PropertyFilterSpec();
        filter.setPropSet(new PropertySpec[] {properties});
        filter.setObjectSet(objects);
        ObjectContent[] contents = s.si.getPropertyCollector().retrieveProperties(new PropertyFilterSpec[] {filter});
        for (ObjectContent c : contents == null ? new ObjectContent[0] : contents) {
            boolean gone = false;
            for (MissingProperty missing : c.getMissingSet() == null ? new MissingProperty[0] : c.getMissingSet()) {
                LocalizedMethodFault fault = missing.getFault();
                if (fault != null && fault.getFault() instanceof NotAuthenticated notAuthenticated) {
                    throw notAuthenticated;
                }
                gone |= fault != null && fault.getFault() instanceof ManagedObjectNotFound;
            }
            if (gone) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (DynamicProperty p : c.getPropSet() == null ? new DynamicProperty[0] : c.getPropSet()) {
                values.put(p.getName(), PropertyCollectorUtil.convertProperty(p.getVal()));
            }
            out.put(c.getObj().getVal(), values);
        }
        return out;
    }
}
