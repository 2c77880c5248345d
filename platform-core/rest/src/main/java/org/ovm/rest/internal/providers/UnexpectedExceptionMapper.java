package org.ovm.rest.internal.providers;

import java.util.UUID;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.ovm.core.OvmError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unexpected: logged with an id, answered 500 without a stack trace (a request body the
 * client failed to send is its fault: {@link BodyReadFailure}).
 */
@Provider
public final class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(RuntimeException e) {
        Response bodyFailure = BodyReadFailure.answer(e);
        if (bodyFailure != null) {
            return bodyFailure;
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", id, e);
        return Problems.of(OvmError.INTERNAL, null, "unexpected error; the engine log has details under id " + id,
                null);
    }
}
