package dev.userdeletion.web;

import java.io.IOException;

/** A request body above {@code web.max-body-size}. */
public class RequestTooLargeException extends IOException {

    public RequestTooLargeException(long limit) {
        super("The request body exceeds the limit of " + limit + " bytes");
    }
}
