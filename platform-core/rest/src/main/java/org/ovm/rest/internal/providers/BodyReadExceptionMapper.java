package org.ovm.rest.internal.providers;

import java.io.IOException;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.ovm.core.OvmError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body that failed while it was read: the client's doing (stalled, too slow, cut
 * short), answered 408 or 400 and logged in one debug line. Without this mapper CXF turns the
 * I/O failure into a 500 and logs its stack trace at WARN, which a slow client could repeat at
 * will to flood the log.
 */
@Provider
public final class BodyReadExceptionMapper implements ExceptionMapper<IOException> {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReadExceptionMapper.class);

    @Override
    public Response toResponse(IOException e) {
        LOG.debug("request body not read: {}", e.toString());
        Response answer = BodyReadFailure.answer(e);
        return answer != null ? answer
                : Problems.of(OvmError.INVALID_INPUT, null, "the request body could not be read; send it again", null);
    }
}
