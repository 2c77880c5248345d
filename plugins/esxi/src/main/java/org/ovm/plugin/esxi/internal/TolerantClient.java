package org.ovm.plugin.esxi.internal;

import java.io.InputStream;
import java.net.MalformedURLException;
import java.rmi.RemoteException;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vmware.vim25.ws.WSClient;

/**
 * yavijava's SOAP client with a tolerant response path ({@link TolerantXml}): answers are pruned
 * of what yavijava's vim25 classes cannot map before its deserializer reads them. Installed as
 * {@code ClientCreator.clientClass}, which is why it keeps {@link WSClient}'s constructors.
 */
public class TolerantClient extends WSClient {

    private static final Logger LOG = LoggerFactory.getLogger(TolerantClient.class);

    public TolerantClient(String url, boolean ignoreCert) throws MalformedURLException, RemoteException {
        super(url, ignoreCert);
    }

    public TolerantClient(String url, boolean ignoreCert, TrustManager trustManager)
            throws MalformedURLException, RemoteException {
        super(url, ignoreCert, trustManager);
    }

    /**
     * A socket factory of this client's own. yavijava's keeps one static SSL context for the whole
     * JVM ({@code CustomSSLTrustContextCreator}): the first trust manager ever given would then
     * judge every later host's certificate. Called from {@link WSClient}'s constructor.
     */
    @Override
    protected SSLSocketFactory getCustomTrustManagerSocketFactory(TrustManager trustManager) throws RemoteException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new RemoteException("cannot set up TLS for the host: " + e.getMessage(), e);
        }
    }

    @Override
    public Object unMarshall(String returnType, InputStream is) throws Exception {
        byte[] pruned = TolerantXml.prune(returnType, is, path -> LOG.debug("ignored in a {} answer: {}", returnType,
                path));
        return super.unMarshall(returnType, TolerantXml.asStream(pruned));
    }
}
