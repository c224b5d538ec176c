package io.jenkins.plugins.sbxagent.engine.deliver;

import java.io.IOException;

/** A branch that was asked for and could not be delivered; the message says why and what to do. */
public final class DeliveryException extends IOException {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String message) {
        super(message);
    }
}
